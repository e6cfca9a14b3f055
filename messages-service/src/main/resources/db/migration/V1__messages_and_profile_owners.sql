-- messages-service schema: messages per docs/data-model.md §4, the replica of profiles and their voices
-- (docs/design.md §2), the synthesis ledger the monthly allowance counts, and storage removals.

-- Who owns each profile and the state of its voice, kept from profile and training events (and filled by
-- read-through on a miss). A deleted profile stays as a tombstone, so a replayed ProfileCreated never revives it.
create table profile_owners (
    profile_id          uuid        primary key,
    user_id             uuid        not null,
    deleted_at          timestamptz,
    -- When this profile's messages last changed: its next message event happens strictly later, so consumers
    -- that apply "newer wins" (profiles-service's message_count) never drop a change.
    messages_changed_at timestamptz,
    -- The voice messages are spoken in: the latest trained one (a retraining replaces it).
    voice_id            text,
    voice_status        text        not null default 'not_submitted'
                        check (voice_status in ('not_submitted', 'training', 'ready', 'failed')),
    -- The time of the last training event applied ("newer wins").
    voice_as_of         timestamptz,
    created_at          timestamptz not null default now()
);
create index profile_owners_user_id on profile_owners (user_id);

-- Users whose account was erased (UserDeleted): a profile event of theirs that arrives later (another partition)
-- never makes one of their profiles known again.
create table erased_users (
    user_id   uuid        primary key,
    erased_at timestamptz not null
);

create type message_status as enum ('draft', 'generating', 'ready', 'failed');

create table messages (
    id                  uuid           primary key,
    user_id             uuid           not null,
    profile_id          uuid           not null references profile_owners (profile_id),
    title               text           not null,
    category            text           not null
                        check (category in ('birthday', 'encouragement', 'apology', 'gratitude', 'other')),
    recipient_label     text,
    moment_label        text,
    prompt_text         text           not null,
    generated_text      text           not null,
    -- Why the text writer's own text is not the draft (its service failed), in words the client shows.
    writer_note         text,
    audio_storage_path  text,
    mime_type           text           not null default 'audio/mpeg',
    duration_ms         integer,
    size_bytes          integer,
    status              message_status not null default 'draft',
    -- Why the last synthesis failed: a stable code, and our own sentence for the user.
    error_code          text,
    error_message       text,
    -- Provenance of the audio: the voice and the provider and model that spoke it.
    voice_id            text,
    provider            text,
    model_id            text,
    play_count          integer        not null default 0,
    last_played_at      timestamptz,
    -- The current synthesis: its ledger row, its runs (also the fencing token of the current run), the lease the
    -- current run holds until the reaper may resume or fail it, and when it was asked for.
    synthesis_id        uuid,
    synthesis_runs      integer        not null default 0,
    synthesis_lease_expires_at timestamptz,
    synthesis_started_at timestamptz,
    created_at          timestamptz    not null default now(),
    updated_at          timestamptz    not null default now(),
    constraint messages_ready_has_audio check (status <> 'ready' or audio_storage_path is not null)
);
create index messages_user_id on messages (user_id);
create index messages_profile_id on messages (profile_id);
create index messages_profile_id_created_at on messages (profile_id, created_at);
create index messages_user_id_last_played_at on messages (user_id, last_played_at);
create index messages_generating_lease on messages (synthesis_lease_expires_at) where status = 'generating';

-- Every synthesis a user asked for, kept after its message is deleted: the monthly allowance counts those started
-- this calendar month that did not fail.
create table message_syntheses (
    id          uuid        primary key,
    user_id     uuid        not null,
    message_id  uuid        not null,
    started_at  timestamptz not null,
    outcome     text        check (outcome in ('ready', 'failed'))
);
create index message_syntheses_user_started on message_syntheses (user_id, started_at);

-- Storage keys and folders (a key ending in '/') to remove, written in the transaction that makes them unused
-- (a deleted message's audio, a deleted profile's or user's folders); common-lib StorageRemovals removes them
-- after the commit and keeps the row until the storage confirms.
create table storage_removals (
    key          text        primary key,
    requested_at timestamptz not null default now()
);
create index storage_removals_requested_at on storage_removals (requested_at);
