-- The Stripe customers of erased users, each by the SHA-256 (hex) of its id, never the id itself (docs/erasure.md):
-- a later Stripe event about one without our metadata (an invoice, with the customer's email and name) is
-- acknowledged and dropped, not kept for a customer that is never linked again.
create table stripe_erased_customers (
    customer_hash text        primary key,
    erased_at     timestamptz not null default now()
);
