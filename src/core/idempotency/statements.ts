/**
 * The SQL of idempotency keys (the table is src/core/migrations/0001_idempotency_keys.sql), as named
 * prepared statements. A request with a key runs in one transaction holding a transaction-level advisory
 * lock on (caller, key): a second request with the same key meanwhile finds no answer kept and fails to take
 * the lock (409); one after the first committed reads the first's answer.
 */
import type { PreparedStatement } from '../database/prepared.js';

/**
 * Takes the lock of (caller $1, key $2) until the transaction ends, without waiting (false when another
 * transaction holds it), and reads the answer kept for them, if it has not expired. The lock's 64-bit
 * number hashes both (the length keeps "ab"+"c" and "a"+"bc" apart).
 */
export const LOCK_AND_READ: PreparedStatement = {
  name: 'idempotency_lock_and_read',
  text: `select pg_try_advisory_xact_lock(hashtextextended(length($1::text) || ':' || $1::text || $2::text, 0)) as locked,
      kept.fingerprint, kept.status, kept.headers, kept.body
    from (select) as one
    left join idempotency_keys as kept on kept.caller = $1 and kept.key = $2 and kept.expires_at > now()`,
};

/**
 * Keeps the answer (status $4, headers $5, body $6) of (caller $1, key $2, fingerprint $3) for $7 seconds,
 * over an expired row the sweep has not deleted yet. No row when a live answer is there: one committed
 * between LOCK_AND_READ's snapshot and its lock, which the caller must not overwrite.
 */
export const KEEP: PreparedStatement = {
  name: 'idempotency_keep',
  text: `insert into idempotency_keys as kept (caller, key, fingerprint, status, headers, body, expires_at)
    values ($1, $2, $3, $4, $5, $6, now() + make_interval(secs => $7))
    on conflict (caller, key) do update
      set fingerprint = excluded.fingerprint, status = excluded.status, headers = excluded.headers,
          body = excluded.body, created_at = excluded.created_at, expires_at = excluded.expires_at
      where kept.expires_at <= now()`,
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
