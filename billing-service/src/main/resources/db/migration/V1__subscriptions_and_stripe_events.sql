-- billing-service schema: subscriptions per docs/data-model.md §5, and what the Stripe webhook needs to apply each
-- event once, in order, and never for the wrong user (docs/billing.md).

create table subscriptions (
    id                     uuid                primary key,
    user_id                uuid                not null,
    -- The two enums of docs/data-model.md §5, as checked text (the codes of common-lib's Plan and SubscriptionStatus).
    plan                   text                not null default 'free'
                           check (plan in ('free', 'essential', 'family_archive')),
    status                 text                not null default 'active'
                           check (status in ('active', 'trialing', 'canceled', 'past_due')),
    current_period_end     timestamptz,
    cancel_at_period_end   boolean             not null default false,
    stripe_customer_id     text,
    stripe_subscription_id text,
    stripe_price_id        text,
    created_at             timestamptz         not null default now(),
    updated_at             timestamptz         not null default now(),
    -- Ordering of Stripe's states ("newer wins"): when the applied state was Stripe's (the event's `created`, or
    -- the moment it was read from Stripe) and how far along its lifecycle it was, for states of the same second.
    stripe_state_as_of     timestamptz,
    stripe_state_rank      smallint            not null default 0
);
create unique index subscriptions_user_id on subscriptions (user_id);
create index subscriptions_stripe_customer_id on subscriptions (stripe_customer_id);
create index subscriptions_stripe_subscription_id on subscriptions (stripe_subscription_id);

-- Ids of the Stripe events already taken, recorded in the transaction that applies (or keeps) the event.
create table stripe_events (
    id          text        primary key,
    type        text        not null,
    received_at timestamptz not null default now()
);

-- Events for a customer no user is known for yet; applied, in Stripe's order, once the customer becomes known.
create table stripe_pending_events (
    event_id    text        primary key references stripe_events (id),
    customer_id text        not null,
    created     timestamptz not null,
    payload     text        not null,
    received_at timestamptz not null default now()
);
create index stripe_pending_events_customer on stripe_pending_events (customer_id, created);

-- Users whose account was erased: a late webhook about them is acknowledged and ignored, never recreates a row.
create table erased_users (
    user_id   uuid        primary key,
    erased_at timestamptz not null default now()
);

-- Stripe subscriptions of erased users still to be cancelled at Stripe; retried with a growing pause until Stripe
-- confirms (or says it is gone).
create table stripe_cancellations (
    subscription_id text        primary key,
    user_id         uuid        not null,
    attempts        integer     not null default 0,
    last_error      text,
    next_try_at     timestamptz not null default now()
);
create index stripe_cancellations_due on stripe_cancellations (next_try_at);
