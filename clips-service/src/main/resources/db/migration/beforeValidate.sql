-- V1's and V4's first comments were reworded to point into the repository's docs (docs/DECISIONS.md, "Reworded
-- migration comments"). A database that applied the old words keeps its history: only the exact old checksums are
-- replaced, so any other difference still fails validation.
do $$
begin
    if to_regclass('flyway_schema_history') is not null then
        update flyway_schema_history set checksum = -2105106975 where version = '1' and checksum = 1343288557;
        update flyway_schema_history set checksum = -1874352107 where version = '4' and checksum = 1457331858;
    end if;
end
$$;
