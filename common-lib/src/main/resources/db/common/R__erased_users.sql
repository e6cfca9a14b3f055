-- The users whose account was erased here, and when this service's part of it was done (common-lib ErasedUsers and
-- ErasureCompletion; docs/erasure.md). A user id and two times: the record that the erasure happened, nothing
-- personal. Repeatable and safe to run again: messages-service and billing-service made the table in their V1.
create table if not exists erased_users (
    user_id   uuid        primary key,
    erased_at timestamptz not null default now()
);
alter table erased_users add column if not exists completed_at timestamptz;
create index if not exists erased_users_pending on erased_users (erased_at) where completed_at is null;
