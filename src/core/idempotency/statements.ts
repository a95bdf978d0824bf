/**
 * The SQL of idempotency keys (the table is src/core/migrations/0001_idempotency_keys.sql), as named
 * prepared statements. A request with a key runs in one transaction holding a transaction-level advisory
 * lock on (caller, key): a second request with the same key meanwhile fails to take it and answers 409,
 * and one that takes it after the first committed sees the first's answer.
 */
import type { PreparedStatement } from '../database/prepared.js';

/**
 * Takes the lock of (caller $1, key $2) until the transaction ends, without waiting: false when another
 * transaction holds it. The lock's 64-bit number hashes both (the length keeps "ab"+"c" and "a"+"bc" apart).
 */
export const LOCK: PreparedStatement = {
  name: 'idempotency_lock',
  text: `select pg_try_advisory_xact_lock(hashtextextended(length($1::text) || ':' || $1::text || $2::text, 0)) as locked`,
};

/** The answer kept for (caller $1, key $2), if it has not expired. */
export const KEPT: PreparedStatement = {
  name: 'idempotency_kept',
  text: `select fingerprint, status, headers, body from idempotency_keys
    where caller = $1 and key = $2 and expires_at > now()`,
};

/**
 * Keeps the answer (status $4, headers $5, body $6) of (caller $1, key $2, fingerprint $3) for $7 seconds,
 * over an expired row the sweep has not deleted yet (the lock is held: no live row can be there).
 */
export const KEEP: PreparedStatement = {
  name: 'idempotency_keep',
  text: `insert into idempotency_keys (caller, key, fingerprint, status, headers, body, expires_at)
    values ($1, $2, $3, $4, $5, $6, now() + make_interval(secs => $7))
    on conflict (caller, key) do update
      set fingerprint = excluded.fingerprint, status = excluded.status, headers = excluded.headers,
          body = excluded.body, created_at = excluded.created_at, expires_at = excluded.expires_at`,
};

/**
 * Deletes up to $1 expired keys. Rows another replica's sweep is deleting are skipped rather than waited
 * for, so replicas sweeping at once share the work without a lock of their own.
 */
export const SWEEP: PreparedStatement = {
  name: 'idempotency_sweep',
  text: `delete from idempotency_keys where ctid = any(array(
    select ctid from idempotency_keys where expires_at <= now()
    order by expires_at limit $1 for update skip locked))`,
};
