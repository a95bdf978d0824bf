/**
 * The SQL of idempotency keys (the table is src/core/migrations/0001_idempotency_keys.sql), as named
 * prepared statements. A claim is identified by its row's created_at, so a request whose claim expired and
 * was taken over can neither complete nor release the new one.
 */
import type { PreparedStatement } from '../database/prepared.js';

/**
 * Claims (caller $1, key $2) for a request of fingerprint $3 for $4 seconds: inserts a running row, or takes
 * over one that expired (the sweep may not have deleted it yet). Returns the claim's created_at, or no row
 * when the key is held: a running request or a kept answer.
 */
export const CLAIM: PreparedStatement = {
  name: 'idempotency_claim',
  text: `insert into idempotency_keys as kept (caller, key, fingerprint, state, expires_at)
    values ($1, $2, $3, 'running', clock_timestamp() + make_interval(secs => $4))
    on conflict (caller, key) do update
      set fingerprint = excluded.fingerprint, state = 'running', status = null, headers = null, body = null,
          created_at = excluded.created_at, expires_at = excluded.expires_at
      where kept.expires_at <= clock_timestamp()
    returning created_at::text as claim`,
};

/** The row holding (caller $1, key $2), if it has not expired. */
export const HELD: PreparedStatement = {
  name: 'idempotency_held',
  text: `select fingerprint, state, status, headers, body from idempotency_keys
    where caller = $1 and key = $2 and expires_at > clock_timestamp()`,
};

/** Keeps the answer (status $4, headers $5, body $6) of claim $3 for $7 seconds. */
export const COMPLETE: PreparedStatement = {
  name: 'idempotency_complete',
  text: `update idempotency_keys
    set state = 'done', status = $4, headers = $5, body = $6, expires_at = clock_timestamp() + make_interval(secs => $7)
    where caller = $1 and key = $2 and created_at = $3::timestamptz and state = 'running'`,
};

/** Gives up claim $3: its request failed, so a retry may run it again. */
export const RELEASE: PreparedStatement = {
  name: 'idempotency_release',
  text: `delete from idempotency_keys where caller = $1 and key = $2 and created_at = $3::timestamptz and state = 'running'`,
};

/**
 * Deletes up to $1 expired keys. Rows another replica's sweep is deleting are skipped rather than waited
 * for, so replicas sweeping at once share the work without a lock.
 */
export const SWEEP: PreparedStatement = {
  name: 'idempotency_sweep',
  text: `delete from idempotency_keys where ctid = any(array(
    select ctid from idempotency_keys where expires_at <= clock_timestamp()
    order by expires_at limit $1 for update skip locked))`,
};
