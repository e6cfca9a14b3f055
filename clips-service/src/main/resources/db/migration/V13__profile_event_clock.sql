-- The profile's event clock times its training events as well as its clip events: named for what it is.
alter table profile_owners rename column clips_changed_at to last_event_at;
