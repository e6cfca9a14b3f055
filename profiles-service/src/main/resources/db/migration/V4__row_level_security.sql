-- Row-level security on the tables this service owns (docs/architecture.md, "Row-level security"; DATA_MODEL.md RLS
-- intent). A transaction sees the rows of the user it set (essence.user_id), every row under the system context
-- (essence.context = 'system': event handlers, reapers, operator routes), and nothing if it set neither. Both are
-- set per transaction by common-lib RowSecurity. The owner (migrations) is not subject to them.
create function essence_row_visible(owner uuid) returns boolean language sql stable as $$
    select current_setting('essence.context', true) = 'system'
        or owner = nullif(current_setting('essence.user_id', true), '')::uuid
$$;

alter table profiles enable row level security;
create policy profiles_by_user on profiles
    using (essence_row_visible(user_id)) with check (essence_row_visible(user_id));

alter table users_public enable row level security;
create policy users_public_by_user on users_public
    using (essence_row_visible(id)) with check (essence_row_visible(id));
