-- clips-service schema: training_clips per docs/data-model.md §3, and the profile-ownership replica
-- (docs/design.md §2).

-- Who owns each profile, kept from ProfileCreated / ProfileDeleted (and filled by read-through on a miss).
-- A deleted profile stays as a tombstone, so a replayed ProfileCreated never brings it back.
create table profile_owners (
    profile_id       uuid        primary key,
    user_id          uuid        not null,
    deleted_at       timestamptz,
    -- When this profile's clip set last changed: its next clip event happens strictly later, so consumers that
    -- apply "newer wins" never drop a change that committed after another one in the same microsecond.
    clips_changed_at timestamptz,
    created_at       timestamptz not null default now()
);
create index profile_owners_user_id on profile_owners (user_id);

create type quality_status as enum ('good', 'redo_suggested', 'unknown');
create type clip_created_by as enum ('user', 'system');

create table training_clips (
    id                 uuid            primary key,
    user_id            uuid            not null,
    profile_id         uuid            not null references profile_owners (profile_id),
    prompt_index       integer         not null check (prompt_index between 0 and 24),
    prompt_text        text            not null,
    stage              integer         check (stage between 1 and 3),
    audio_storage_path text            not null,
    mime_type          text            not null,
    size_bytes         integer,
    duration_ms        integer,
    quality_status     quality_status  not null default 'unknown',
    created_by         clip_created_by not null default 'user',
    created_at         timestamptz     not null default now(),
    updated_at         timestamptz     not null default now(),
    -- Also the (profile_id) and (profile_id, prompt_index) index of the data model.
    constraint training_clips_profile_prompt unique (profile_id, prompt_index)
);
create index training_clips_user_id on training_clips (user_id);
