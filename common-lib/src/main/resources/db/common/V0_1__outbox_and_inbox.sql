-- Shared by every service (common-lib): the transactional outbox and the idempotent-consumer inbox.

-- Events written in the same transaction as the change they announce; the relay publishes them in seq order.
create table outbox_events (
    seq          bigserial   primary key,
    id           uuid        not null unique,
    topic        text        not null,
    event_key    text        not null,
    event_type   text        not null,
    payload      text        not null,
    created_at   timestamptz not null default now(),
    published_at timestamptz
);
create index outbox_events_unpublished on outbox_events (seq) where published_at is null;

-- Wakes the relay when a transaction that wrote events commits (NOTIFY is delivered on commit only).
create function outbox_events_notify() returns trigger language plpgsql as $$
begin
    perform pg_notify('essence_outbox', '');
    return null;
end;
$$;
create trigger outbox_events_inserted after insert on outbox_events
    for each statement execute function outbox_events_notify();

-- Ids of consumed events, written in the same transaction as the consumer's effect.
create table inbox_events (
    event_id    uuid        primary key,
    event_type  text        not null,
    consumed_at timestamptz not null default now()
);
