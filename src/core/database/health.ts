/**
 * The database's part of `/readyz`: whether a trivial query answers in time. A probe storm must not become
 * a query storm, so the answer is cached for a second and concurrent probes share the one check in flight.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { ReadinessCheck } from '../observability/probes.js';
import { kysely } from './kysely.js';
import type { Database } from './types.js';

/** Connections each process holds for the check, beside the app's pool (plugin.ts). */
export const HEALTH_CONNECTIONS = 1;

/** Kubernetes' default probe timeout is 1 s: answer well within it even while connections hang. */
export const HEALTH_TIMEOUT_MS = 800;
const CACHE_MS = 1000;

/** `db` is asked for on the first check: the client makes Kysely when first used (client.ts). */
export function databaseHealth(db: () => Database, now: () => number = Date.now): ReadinessCheck {
  let checkedAt = -Infinity;
  let last: string | undefined;
  let inFlight: Promise<string | undefined> | undefined;

  async function check(): Promise<string | undefined> {
    const timeout = new AbortController();
    // Neither promise rejects: the loser of the race settles later with nobody listening.
    const { sql } = kysely();
    const answered = sql`select 1`.execute(db()).then(
      () => undefined,
      () => 'The database is unreachable.',
    );
    const timedOut = sleep(HEALTH_TIMEOUT_MS, 'The database does not answer in time.', {
      signal: timeout.signal,
    }).catch(() => undefined);
    try {
      return await Promise.race([answered, timedOut]);
    } finally {
      timeout.abort();
    }
  }

  return () => {
    if (inFlight) return inFlight;
    if (now() - checkedAt < CACHE_MS) return Promise.resolve(last);
    inFlight = check().then((reason) => {
      last = reason;
      checkedAt = now();
      inFlight = undefined;
      return reason;
    });
    return inFlight;
  };
}
