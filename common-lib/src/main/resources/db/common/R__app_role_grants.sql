-- What the services' runtime role may do (docs/architecture.md, "Row-level security"): read and write rows, nothing
-- more; no DDL, no ownership, so the owned tables' row-level-security policies apply to it. Migrations run as the
-- owner. Repeatable and run after the versioned migrations, so it covers every table that exists; the default
-- privileges cover the tables later migrations create.
grant usage on schema public to ${app_role};
grant select, insert, update, delete on all tables in schema public to ${app_role};
grant usage, select on all sequences in schema public to ${app_role};
alter default privileges in schema public grant select, insert, update, delete on tables to ${app_role};
alter default privileges in schema public grant usage, select on sequences to ${app_role};
-- Not the migration history: Flyway made it (as the owner) and only the owner writes it, or the runtime role could
-- mark a migration applied or make one run again.
revoke all on table ${flyway:table} from ${app_role};
-- Before PostgreSQL 15 every role may create objects in schema public; the runtime role must not (no DDL).
do $$
begin
    if current_setting('server_version_num')::int < 150000 then
        revoke create on schema public from public;
    end if;
end $$;
