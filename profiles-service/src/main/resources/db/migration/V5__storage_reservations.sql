-- Not removed before this (common-lib StorageRemovals): an upload reserves its final key here, due only once the
-- upload had time to commit and claim it; a scheduled removal is due at once.
alter table storage_removals add column not_before timestamptz not null default now();
