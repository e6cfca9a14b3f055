-- V1's first comment was reworded to point into the repository's docs (docs/DECISIONS.md, "Reworded migration
-- comments"). A database that applied the old words keeps its history: only the exact old checksum is replaced,
-- so any other difference still fails validation.
do $$
begin
    if to_regclass('flyway_schema_history') is not null then
        update flyway_schema_history set checksum = -988896727 where version = '1' and checksum = 1152024338;
    end if;
end
$$;
