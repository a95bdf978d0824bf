-- Idempotent POST (src/core/idempotency/): one row per caller and Idempotency-Key. A row is 'running' while
-- its first request is being processed (expires_at is then a short lease), then 'done' with the answer kept
-- (status, the headers that matter, body) until expires_at (IDEMPOTENCY_KEY_TTL_S later).
create table idempotency_keys (
  caller text not null,
  key text not null,
  -- SHA-256 (hex) of the canonical JSON (RFC 8785) of the operation and its body: a retry must match it.
  fingerprint text not null,
  state text not null check (state in ('running', 'done')),
  status smallint,
  headers jsonb,
  body jsonb,
  created_at timestamptz not null default clock_timestamp(),
  expires_at timestamptz not null,
  primary key (caller, key),
  check ((state = 'done') = (status is not null))
);

-- The sweep deletes by expiry.
create index idempotency_keys_expires_at on idempotency_keys (expires_at);
