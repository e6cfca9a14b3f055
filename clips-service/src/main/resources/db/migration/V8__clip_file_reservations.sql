-- An upload reserves its final key here before it moves its file there, with not_before at the staged age: if the
-- upload's transaction never commits (a crash between the move and the commit), the sweeper removes the file once
-- the reservation lapses. The committing transaction deletes its reservation. Removals are due from not_before on.
alter table clip_file_removals add column not_before timestamptz not null default now();
