/**
 * Prometheus metrics at `GET /metrics` (text format, prom-client): `http_requests_total` and
 * `http_request_duration_seconds` by route template, method and status, plus prom-client's default
 * process metrics (event loop lag, heap, CPU, ...). Each app has its own registry.
 *
 * Per request, the labelled counter and histogram are looked up in a small nested Map cache, so no label
 * object is built per request. Requests that match no route share the route label `unmatched`, so random
 * paths cannot grow the series without bound. The endpoint is left out of the OpenAPI documents: it is an
 * operator's endpoint in Prometheus' format, not part of the API (docs/operations.md documents it).
 */
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

export const METRICS_PATH = '/metrics';
const UNMATCHED_ROUTE = 'unmatched';

declare module 'fastify' {
  interface FastifyInstance {
    /** The app's Prometheus registry, for plugins that add their own metrics (database/metrics.ts). */
    readonly metricsRegistry: Registry;
  }
}

interface Series {
  count: Counter.Internal;
  duration: Histogram.Internal<string>;
}

export const metrics = fp(
  async (app: FastifyInstance) => {
    const registry = new Registry();
    collectDefaultMetrics({ register: registry });
    app.decorate('metricsRegistry', registry);
    const labelNames = ['route', 'method', 'status'] as const;
    const count = new Counter({
      name: 'http_requests_total',
      help: 'HTTP requests answered, by route template, method and status.',
      labelNames,
      registers: [registry],
    });
    const duration = new Histogram({
      name: 'http_request_duration_seconds',
      help: 'Time to answer HTTP requests, by route template, method and status.',
      labelNames,
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    });

    // route -> method -> status -> series
    const cache = new Map<string, Map<string, Map<number, Series>>>();
    function series(route: string, method: string, status: number): Series {
      let byMethod = cache.get(route);
      if (!byMethod) cache.set(route, (byMethod = new Map<string, Map<number, Series>>()));
      let byStatus = byMethod.get(method);
      if (!byStatus) byMethod.set(method, (byStatus = new Map<number, Series>()));
      let found = byStatus.get(status);
      if (!found) {
        const labels = [route, method, String(status)];
        found = { count: count.labels(...labels), duration: duration.labels(...labels) };
        byStatus.set(status, found);
      }
      return found;
    }

    app.addHook('onResponse', (request, reply, done) => {
      const found = series(request.routeOptions.url ?? UNMATCHED_ROUTE, request.method, reply.statusCode);
      found.count.inc();
      found.duration.observe(reply.elapsedTime / 1000);
      done();
    });

    app.get(METRICS_PATH, { schema: { hide: true } }, async (_request, reply) => {
      return reply.type(registry.contentType).send(await registry.metrics());
    });
  },
  { name: 'metrics' },
);
