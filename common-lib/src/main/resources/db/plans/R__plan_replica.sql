-- The plan replica (common-lib PlanReplica) of a service that gates on plans: each user's plan as the last
-- SubscriptionChanged said; a user without a row is on free. Repeatable (no version), so a service that
-- already has versioned migrations can add this location; it must stay safe to run again. No CHECK on plan or
-- status: PlanReplica validates them, and a new plan must not need a schema change here to be kept.
create table if not exists user_plans (
    user_id            uuid        primary key,
    plan               text        not null,
    status             text        not null,
    current_period_end timestamptz,
    changed_at         timestamptz not null
);
