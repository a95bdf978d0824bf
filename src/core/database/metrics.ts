/**
 * Database metrics on the app's registry: the pool's connections (total, idle, and callers waiting for one,
 * read at scrape time) and every query's count and duration by outcome (`ok` or `error`).
 */
import type { LogEvent } from 'kysely';
import type pg from 'pg';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

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
  const queries = new Counter({
    name: 'db_queries_total',
    help: 'SQL queries run, by outcome (ok or error).',
    labelNames: ['outcome'],
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'db_query_duration_seconds',
    help: 'Time to run SQL queries, by outcome (ok or error).',
    labelNames: ['outcome'],
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const series = {
    ok: { count: queries.labels('ok'), duration: duration.labels('ok') },
    error: { count: queries.labels('error'), duration: duration.labels('error') },
  };
  const observe = (ok: boolean, millis: number): void => {
    const found = ok ? series.ok : series.error;
    found.count.inc();
    found.duration.observe(millis / 1000);
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
