-- Row-level security on training_attempts too: a training holds the user's consent statement, word for word
-- (docs/architecture.md, "Row-level security"). The same rule as training_clips (V9).
alter table training_attempts enable row level security;
create policy by_user on training_attempts using (essence_row_visible(user_id))
    with check (essence_row_visible(user_id));
