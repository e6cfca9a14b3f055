-- Storage keys and folders (a key ending in '/') to remove, written in the transaction that makes them unused:
-- a deleted profile's clip folders, committed and staged. The storage sweeper removes them after the commit and
-- keeps the row until the storage confirms (common-lib StorageRemovals).
create table storage_removals (
    key          text        primary key,
    requested_at timestamptz not null default now()
);
create index storage_removals_requested_at on storage_removals (requested_at);
