-- Voice training (docs/design.md §7): one row per training a user started, and the provider voices waiting to be
-- deleted.

create type training_status as enum ('running', 'succeeded', 'failed');

create table training_attempts (
    id                uuid            primary key,
    profile_id        uuid            not null references profile_owners (profile_id),
    user_id           uuid            not null,
    status            training_status not null default 'running',
    -- What the user attested (the right and consent to clone this voice), word for word, and when.
    consent_statement text            not null,
    consented_at      timestamptz     not null,
    clip_count        integer         not null,
    usable_seconds    numeric(7, 1)   not null,
    -- Calls made to the voice provider (each retry counts), and what the last one answered when it failed.
    attempts          integer         not null default 0,
    last_error        text,
    -- Why it failed for good, in words for the user.
    failure_reason    text,
    voice_id          text,
    -- Runs of this training (a crash or a hung call ends one); also the fencing token of the current run.
    runs              integer         not null default 0,
    -- The current run owns the training until then; past it, the reaper resumes or fails it.
    lease_expires_at  timestamptz     not null default now(),
    started_at        timestamptz     not null default now(),
    finished_at       timestamptz,
    updated_at        timestamptz     not null default now()
);
create index training_attempts_profile on training_attempts (profile_id, started_at desc);
-- At most one training runs per profile.
create unique index training_attempts_one_running on training_attempts (profile_id) where status = 'running';
create index training_attempts_running_lease on training_attempts (lease_expires_at) where status = 'running';

-- Provider voices to delete (a replaced voice, a deleted profile's voice, a voice nobody records any more),
-- written in the transaction that makes the voice unused and deleted by a worker with retries.
create table voice_removals (
    voice_id      text        primary key,
    profile_id    uuid        not null,
    attempts      integer     not null default 0,
    last_error    text,
    requested_at  timestamptz not null default now(),
    next_try_at   timestamptz not null default now()
);
create index voice_removals_next_try on voice_removals (next_try_at);
