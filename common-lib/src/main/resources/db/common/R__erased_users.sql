-- The users whose account was erased here, and when this service's part of it was done (common-lib ErasedUsers and
-- ErasureCompletion; docs/erasure.md). A user id and times: the record that the erasure happened, nothing
-- personal. Repeatable and safe to run again: messages-service and billing-service made the table in their V1.
create table if not exists erased_users (
    user_id   uuid        primary key,
    erased_at timestamptz not null default now()
);
alter table erased_users add column if not exists completed_at timestamptz;
create index if not exists erased_users_pending on erased_users (erased_at) where completed_at is null;
-- When the completion pass checks the user next (common-lib ErasureCompletion): a part still waiting is checked
-- less and less often, so users that stay stuck never hold the others back; what was left at the last check.
alter table erased_users add column if not exists checks integer not null default 0;
alter table erased_users add column if not exists next_check_at timestamptz;
alter table erased_users add column if not exists left_at_last_check bigint;
create index if not exists erased_users_due on erased_users ((coalesce(next_check_at, erased_at)))
    where completed_at is null;
