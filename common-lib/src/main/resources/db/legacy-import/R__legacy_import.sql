-- The legacy import's ledger and reports (docs/legacy-import.md), in the database of the service that imports its
-- slice. Repeatable (no version), so a service with versioned migrations can add this location; it must stay safe to
-- run again.

-- One row per legacy row, keyed by the legacy row's id: what the last run that saw it made of it. An 'imported' row
-- is written in the transaction that records the imported clip or message and its event, so a row is imported once
-- or not at all, whatever is interrupted; it is never changed back.
create table if not exists legacy_import_rows (
    legacy_id    text        primary key,
    status       text        not null check (status in ('imported', 'skipped', 'failed')),
    -- A stable code (docs/legacy-import.md, "Outcomes") and a sentence for the operator.
    reason       text,
    detail       text,
    target_id    uuid,
    storage_path text,
    size_bytes   bigint,
    -- SHA-256 (hex) of the decoded base64: what the stored object is verified against.
    sha256       text,
    -- The last run that verified the stored object against the legacy row, and what it found.
    verified_at  timestamptz,
    verified_by  uuid,
    verify_error text,
    run_id       uuid        not null,
    updated_at   timestamptz not null default now()
);

-- One row per run: the report's summary. Dropping the legacy audio column reads the newest run and the running ones.
create table if not exists legacy_import_runs (
    id          uuid        primary key,
    source      text        not null,
    started_at  timestamptz not null default now(),
    finished_at timestamptz,
    total_rows  bigint      not null,
    seen_rows   bigint      not null default 0,
    imported    bigint      not null default 0,
    skipped     bigint      not null default 0,
    failed      bigint      not null default 0,
    verified    bigint      not null default 0,
    unverified  bigint      not null default 0
);

-- Added after the first release of this script, so databases that ran it get them too.
-- Why a row counts as verified without its object being read: its record holds the user's own audio since.
alter table legacy_import_rows add column if not exists verify_note text;
-- A running import updates it every few seconds: an unfinished run with an old heartbeat was killed.
alter table legacy_import_runs add column if not exists heartbeat_at timestamptz;
-- The user the legacy row belongs to, so an account erasure forgets their rows (ImportLedger.forget; docs/erasure.md)
-- by id, never by a piece of a path. Rows imported before it get it from their storage key, whose second segment is
-- the user (common-lib StorageKeys); rows not imported get it when a run sees them again.
alter table legacy_import_rows add column if not exists user_id uuid;
update legacy_import_rows set user_id = cast(substring(storage_path from
        '^(?:incoming/)?[a-z_]+/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})/') as uuid)
    where user_id is null and storage_path is not null;
create index if not exists legacy_import_rows_user on legacy_import_rows (user_id) where user_id is not null;
-- Which rows the run covered (their ids and their audio's md5, summed): the drop recomputes it under a table lock.
alter table legacy_import_runs add column if not exists rows_digest text;
