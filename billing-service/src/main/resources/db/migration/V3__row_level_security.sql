-- Row-level security on billing-service: a user's subscription (docs/architecture.md, "Row-level security").
-- Visible to the transaction that set their user (essence.user_id) or the system context, else to none.
create function essence_row_visible(owner uuid) returns boolean stable language sql as $$
    select current_setting('essence.context', true) = 'system'
        or owner = nullif(current_setting('essence.user_id', true), '')::uuid $$;
alter table subscriptions enable row level security;
create policy by_user on subscriptions using (essence_row_visible(user_id)) with check (essence_row_visible(user_id));
