-- profiles-service schema, per docs/data-model.md §1 (users_public) and §2 (profiles).

create type voice_model_status as enum ('not_submitted', 'training', 'ready');

create table profiles (
    id                    uuid               primary key,
    user_id               uuid               not null,
    name                  text               not null check (char_length(name) between 1 and 100),
    relation              text               not null check (char_length(relation) between 1 and 60),
    notes                 text               check (char_length(notes) <= 2000),
    voice_model_status    voice_model_status not null default 'not_submitted',
    elevenlabs_voice_id   text,
    training_completed_at timestamptz,
    voice_ready_at        timestamptz,
    training_clip_count   integer            not null default 0,
    message_count         integer            not null default 0,
    avatar_storage_path   text,
    avatar_updated_at     timestamptz,
    created_at            timestamptz        not null default now(),
    updated_at            timestamptz        not null default now(),
    deleted_at            timestamptz,
    -- "Newer wins" watermarks: when the newest applied clip, message and voice event happened, so a late or
    -- replayed event never rolls the cached counts or the voice status back.
    clips_as_of           timestamptz,
    messages_as_of        timestamptz,
    voice_as_of           timestamptz
);
create index profiles_user_id on profiles (user_id);
create index profiles_user_id_created_at on profiles (user_id, created_at);
create index profiles_elevenlabs_voice_id on profiles (elevenlabs_voice_id);

create table users_public (
    id         uuid        primary key,
    email      text,
    name       text        check (char_length(name) <= 100),
    created_at timestamptz not null default now()
);
