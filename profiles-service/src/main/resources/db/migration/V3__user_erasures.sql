-- The record that an account erasure happened (docs/erasure.md): when it was asked for and when each service
-- confirmed its part. A user id and times only, nothing personal; it is what stays of the user.
create table user_erasures (
    user_id              uuid        primary key,
    requested_at         timestamptz not null,
    profiles_erased_at   timestamptz,
    clips_erased_at      timestamptz,
    messages_erased_at   timestamptz,
    billing_erased_at    timestamptz
);
