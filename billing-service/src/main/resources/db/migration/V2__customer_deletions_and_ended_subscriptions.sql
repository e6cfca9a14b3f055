-- Erased users' Stripe customers, deleted at Stripe after the erasure commits: deleting the customer cancels every
-- subscription of theirs at once, including one whose event we never applied (docs/billing.md, "Erasure").
create table stripe_customer_deletions (
    customer_id text        primary key,
    user_id     uuid        not null,
    attempts    integer     not null default 0,
    last_error  text,
    next_try_at timestamptz not null default now(),
    -- Set when Stripe refused for good (a 4xx other than 404): an operator must look, nothing retries it.
    dead_at     timestamptz
);
create index stripe_customer_deletions_due on stripe_customer_deletions (next_try_at) where dead_at is null;

alter table stripe_cancellations add column dead_at timestamptz;

-- Stripe subscriptions known to have ended (canceled, incomplete_expired): Stripe never revives one, so no later
-- or late state of theirs is applied again (docs/billing.md, "Order").
create table stripe_ended_subscriptions (
    subscription_id text        primary key,
    ended_at        timestamptz not null default now()
);
