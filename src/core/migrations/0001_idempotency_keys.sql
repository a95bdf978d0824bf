-- Idempotent POST (src/core/idempotency/): the answer kept for a caller's Idempotency-Key (status, the
-- headers that matter, body) until expires_at (IDEMPOTENCY_KEY_TTL_S after it was given). A row is written
-- in the same transaction as the record it answers for, so there is never one without the other.
create table idempotency_keys (
  caller text not null,
  key text not null,
  -- SHA-256 (hex) of the canonical JSON (RFC 8785) of the operation and its body: a retry must match it.
  fingerprint text not null,
  status smallint not null,
  headers jsonb not null,
  body jsonb not null,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  primary key (caller, key)
);

-- The sweep deletes by expiry.
create index idempotency_keys_expires_at on idempotency_keys (expires_at);
