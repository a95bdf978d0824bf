/**
 * Database metrics on the app's registry: the pool's connections (total, idle, and callers waiting for one,
 * read at scrape time) and every query's count and duration by outcome (`ok` or `error`). A query is only
 * observed in a PlainHistogram (plain-histogram.ts: prom-client's observe and inc hash the labels on every
 * call); `db_queries_total` is that histogram's count, added to the counter when it is read.
 */
import type { LogEvent } from 'kysely';
import type pg from 'pg';
import { Counter, Gauge, type Registry } from 'prom-client';
import { PlainHistogram } from '../observability/plain-histogram.js';

export interface DatabaseMetrics {
  /** Kysely's `log` callback: counts and times each query. */
  readonly observeQuery: (event: LogEvent) => void;
  /** The same for a query run without Kysely (a prepared statement, prepared.ts). */
  readonly observe: (ok: boolean, millis: number) => void;
  /** The pool whose connections the gauge reports at scrape time: none open (zeros) until a query makes it. */
  watchPool(pool: () => pg.Pool | undefined): void;
}

export function databaseMetrics(registry: Registry): DatabaseMetrics {
  let watched: (() => pg.Pool | undefined) | undefined;
  new Gauge({
    name: 'db_pool_connections',
    help: 'PostgreSQL pool connections: open (total), idle, and callers waiting for one (waiting).',
    labelNames: ['state'],
    registers: [registry],
    collect() {
      if (!watched) return;
      const pool = watched();
      this.set({ state: 'total' }, pool?.totalCount ?? 0);
      this.set({ state: 'idle' }, pool?.idleCount ?? 0);
      this.set({ state: 'waiting' }, pool?.waitingCount ?? 0);
    },
  });
  const duration = new PlainHistogram({
    name: 'db_query_duration_seconds',
    help: 'Time to run SQL queries, by outcome (ok or error).',
    labelNames: ['outcome'],
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const ok = duration.series({ outcome: 'ok' });
  const error = duration.series({ outcome: 'error' });
  new Counter({
    name: 'db_queries_total',
    help: 'SQL queries run, by outcome (ok or error).',
    labelNames: ['outcome'],
    registers: [registry],
    collect() {
      for (const outcome of [ok, error]) {
        const uncounted = outcome.takeUncounted();
        if (uncounted > 0) this.inc(outcome.labels, uncounted);
      }
    },
  });
  const observe = (succeeded: boolean, millis: number): void => {
    (succeeded ? ok : error).observe(millis / 1000);
  };
  return {
    observeQuery: (event) => {
      observe(event.level === 'query', event.queryDurationMillis);
    },
    observe,
    watchPool: (pool) => {
      watched = pool;
    },
  };
}
