/**
 * Expired idempotency keys are deleted by the service itself, no cron outside it: every replica sweeps on
 * an unref'd timer (it never keeps the process alive) in bounded batches, skipping rows another replica is
 * deleting (statements.ts), until a batch comes back short. An expired key that is not swept yet is
 * already free: a claim takes it over.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { StatementRunner } from '../database/prepared.js';
import { SWEEP } from './statements.js';

/** Rows one statement deletes at most: a short transaction, however many keys expired at once. */
export const SWEEP_BATCH = 1000;

export interface Sweep {
  /** Stops the timer and waits for a sweep under way. */
  stop(): Promise<void>;
}

/** Deletes expired keys in batches; resolves with how many. */
export async function sweepExpiredKeys(runner: StatementRunner, batch = SWEEP_BATCH): Promise<number> {
  let total = 0;
  for (;;) {
    const { rowCount } = await runner.run(SWEEP, [batch]);
    total += rowCount;
    if (rowCount < batch) return total;
  }
}

export function startSweep(runner: StatementRunner, everyMs: number, log: FastifyBaseLogger): Sweep {
  let running: Promise<void> | undefined;
  const tick = async () => {
    try {
      const deleted = await sweepExpiredKeys(runner);
      if (deleted > 0) log.debug({ deleted }, 'idempotency: expired keys deleted');
    } catch (error) {
      // The database may be away; the next tick tries again.
      log.warn({ err: error }, 'idempotency: sweep of expired keys failed');
    }
  };
  const timer = setInterval(() => {
    running ??= tick().finally(() => {
      running = undefined;
    });
  }, everyMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
