-- Clip audio files to remove once no clip row points at them (a replaced or deleted recording). Written in the
-- transaction that makes the file unused; removed under the profile's row lock, so an upload placing a new file
-- at the same key in the meantime is never removed by mistake. A crash or a storage failure leaves the row here
-- and the sweeper tries again.
create table clip_file_removals (
    path         text        primary key,
    profile_id   uuid        not null,
    requested_at timestamptz not null default now()
);
create index clip_file_removals_profile_id on clip_file_removals (profile_id);
