-- This release stops clips-service for its migrations (docs/deploy.md, "Releases that stop a service first"); a lock
-- still held fails the migration after 10 s instead of queueing every later query behind it. Flyway runs each
-- migration in its own transaction, which `set local` lasts for.
set local lock_timeout = '10s';
-- The profile's event clock times its training events as well as its clip events: named for what it is.
alter table profile_owners rename column clips_changed_at to last_event_at;
