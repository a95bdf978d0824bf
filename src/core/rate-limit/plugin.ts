/**
 * Per-client rate limits, in three budgets per window, each a policy the answers advertise (policy.ts):
 * reads (GET, HEAD, OPTIONS) and writes (every other method), per token subject on protected routes and
 * per client address on public ones; and, on protected routes, the requests without a token verified
 * before, per client address, counted before verification (hooks.ts), so that floods of missing or bad
 * tokens meet 429 without costing a signature check each. The client address is the socket's (IPv6 by
 * /64), or behind a proxy what TRUST_PROXY lets it say. A route whose config says `rateLimited: false` (the
 * probes) is never limited, nor is /metrics, on its own port; the OpenAPI documents read the same flag.
 *
 * Counters live in this process unless REDIS_URL is set; if Redis fails, requests pass uncounted
 * (logged, and counted in `rate_limit_store_errors_total`).
 */
import type { FastifyInstance, RouteOptions } from 'fastify';
import fp from 'fastify-plugin';
import { Counter } from 'prom-client';
import type { Settings } from '../../config.js';
import { prependOnRequest } from '../features/route-hooks.js';
import { beforeVerification, byAddress } from './hooks.js';
import { policy, type Policy, type PolicyName } from './policy.js';
import { localStore, type CountStore } from './store.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** False for routes never counted nor limited (the probes); their documents then name no 429. */
    rateLimited?: boolean;
  }
}

export interface RateLimitOptions {
  settings: Settings;
}

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const FAILURE_LOG_INTERVAL_MS = 10_000;

function groupOf(route: RouteOptions): 'read' | 'write' {
  return [route.method].flat().every((method) => READ_METHODS.has(method)) ? 'read' : 'write';
}

/** Reports Redis failures: every one logged (at most one line per interval), each uncounted request counted. */
function failureReporter(app: FastifyInstance): { request: (error: Error) => void; log: (error: Error) => void } {
  const counter = app.hasDecorator('metricsRegistry')
    ? new Counter({
        name: 'rate_limit_store_errors_total',
        help: 'Requests let through uncounted because the rate-limit store (Redis) failed.',
        registers: [app.metricsRegistry],
      })
    : undefined;
  let loggedAt = -Infinity;
  const log = (error: Error) => {
    if (Date.now() - loggedAt < FAILURE_LOG_INTERVAL_MS) return;
    loggedAt = Date.now();
    app.log.warn({ reason: error.message }, 'rate limit: Redis failed, requests pass uncounted');
  };
  return {
    request: (error) => {
      counter?.inc();
      log(error);
    },
    log,
  };
}

export const rateLimits = fp<RateLimitOptions>(
  async (app: FastifyInstance, { settings }) => {
    const quotas: Record<PolicyName, number> = {
      read: settings.RATE_LIMIT_READ_MAX,
      write: settings.RATE_LIMIT_WRITE_MAX,
      unauthenticated: settings.RATE_LIMIT_UNAUTHENTICATED_MAX,
    };
    const names = (Object.keys(quotas) as PolicyName[]).filter((name) => quotas[name] > 0);
    if (names.length === 0) return;
    // Imported only with REDIS_URL set: a service that counts in-process never loads or compiles ioredis.
    const redis = settings.REDIS_URL === '' ? undefined : await import('./redis-store.js');
    const client = redis?.redisClient(settings.REDIS_URL);
    const failures = failureReporter(app);
    // Connection errors: logged here (ioredis would print them itself otherwise); it reconnects alone.
    client?.on('error', failures.log);
    const storeOf = (name: PolicyName): CountStore =>
      redis && client ? redis.failOpenRedisStore(client, name, failures.request) : localStore();
    const policies: Partial<Record<PolicyName, Policy>> = Object.fromEntries(
      names.map((name) => [name, policy(name, quotas[name], settings.RATE_LIMIT_WINDOW_S, storeOf(name))]),
    );

    const { guards, knownCaller } = app.authentication;
    app.addHook('onRoute', (route) => {
      if (route.config?.rateLimited === false) return;
      const caller = policies[groupOf(route)];
      // Before the token guard (added by authentication's own onRoute hook, which ran first).
      if (guards(route)) {
        if (caller || policies.unauthenticated) {
          prependOnRequest(route, beforeVerification({ caller, address: policies.unauthenticated, knownCaller }));
        }
      } else if (caller) prependOnRequest(route, byAddress(caller));
    });
    if (client) {
      app.addHook('onClose', async () => {
        client.disconnect();
      });
    }
  },
  { name: 'rate-limits', dependencies: ['authentication'] },
);
