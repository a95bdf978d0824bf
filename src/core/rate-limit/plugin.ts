/**
 * Per-client rate limits (@fastify/rate-limit), in two groups with their own budget per window: reads
 * (GET, HEAD, OPTIONS) and writes (every other method). A client is the token's subject on protected
 * routes (the hook runs after authentication), else the client address (IPv6 by /64), which behind a
 * proxy is only right if TRUST_PROXY names it. The probes are never limited (nor /metrics, on its own port).
 *
 * Over the limit: 429, a problem document, `Retry-After`, and the IETF draft's `RateLimit-Limit`,
 * `RateLimit-Remaining` and `RateLimit-Reset` headers (on every limited response). Counters live in
 * this process unless REDIS_URL is set; if Redis fails, requests pass uncounted (logged, and counted in
 * `rate_limit_store_errors_total`).
 */
import rateLimit, { normalizeIP } from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';
import fp from 'fastify-plugin';
import { Counter } from 'prom-client';
import type { Settings } from '../../config.js';
import { LIVENESS_PATH, READINESS_PATH } from '../probes.js';
import { appendOnRequest } from '../route-hooks.js';

export interface RateLimitOptions {
  settings: Settings;
}

const NEVER_LIMITED = new Set([LIVENESS_PATH, READINESS_PATH]);
const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** Clients remembered per group by the in-process store; past that the least recent are forgotten. */
const LOCAL_CLIENTS = 100_000;
const FAILURE_LOG_INTERVAL_MS = 10_000;

type Group = 'read' | 'write';

export function clientKey(request: FastifyRequest): string {
  return request.principal ? `sub:${request.principal.subject}` : `ip:${normalizeIP(request.ip)}`;
}

function groupOf(route: RouteOptions): Group {
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
    const budgets: Record<Group, number> = { read: settings.RATE_LIMIT_READ_MAX, write: settings.RATE_LIMIT_WRITE_MAX };
    if (budgets.read === 0 && budgets.write === 0) return;
    // Imported only with REDIS_URL set: a service that counts in-process never loads or compiles ioredis.
    const redis = settings.REDIS_URL === '' ? undefined : await import('./redis-store.js');
    const client = redis?.redisClient(settings.REDIS_URL);
    const failures = failureReporter(app);
    // Connection errors: logged here (ioredis would print them itself otherwise); it reconnects alone.
    client?.on('error', failures.log);

    await app.register(rateLimit, {
      global: false,
      enableDraftSpec: true,
      skipOnError: true,
      cache: LOCAL_CLIENTS,
      timeWindow: settings.RATE_LIMIT_WINDOW_S * 1000,
      errorResponseBuilder: (_request, { max, after }) =>
        Object.assign(
          new Error(`Too many requests: at most ${max} per ${settings.RATE_LIMIT_WINDOW_S} s; retry in ${after}.`),
          { statusCode: 429 },
        ),
      ...(redis && client ? { store: redis.failOpenRedisStore(client, failures.request) } : {}),
    });
    const limiters = Object.fromEntries(
      (['read', 'write'] as const)
        .filter((group) => budgets[group] > 0)
        .map((group) => [
          group,
          app.rateLimit({ max: budgets[group], keyGenerator: (r) => `${group}:${clientKey(r)}` }),
        ]),
    ) as Partial<Record<Group, ReturnType<FastifyInstance['rateLimit']>>>;

    app.addHook('onRoute', (route) => {
      const limiter = limiters[groupOf(route)];
      if (NEVER_LIMITED.has(route.url) || !limiter) return;
      appendOnRequest(route, limiter);
    });
    if (client) {
      app.addHook('onClose', async () => {
        client.disconnect();
      });
    }
  },
  { name: 'rate-limits', dependencies: ['authentication'] },
);
