/**
 * Prometheus metrics (prom-client) in `app.metricsRegistry`: `http_requests_total` and
 * `http_request_duration_seconds` by route template, method and status, connections dropped past
 * MAX_CONNECTIONS, plus prom-client's default process metrics (event loop lag, heap, CPU, ...). Each app
 * has its own registry; metrics-server.ts serves it on the metrics port, never on the API's.
 *
 * Per request, the labelled series is looked up in a small nested Map cache, so no label object is built
 * per request, and the request's duration is observed in that series of a PlainHistogram
 * (plain-histogram.ts), whose plain counts are all that a request touches: prom-client's own `observe()` and
 * `inc()` hash and check the labels on every call. `http_requests_total` is read from those counts when the
 * counter is read (its `collect`, on each scrape or cluster aggregation). Requests that match no route share
 * the route label `unmatched`, so random paths cannot grow the series without bound. Answers written before
 * routing (unrouted.ts) are counted too; they have no duration worth the name, so they count in
 * `http_requests_total` only.
 *
 * In a cluster worker the registry is also offered to the primary, which sums all workers' on a scrape
 * (prom-client's AggregatorRegistry; constructing one in the worker is what makes it answer the primary).
 */
import cluster from 'node:cluster';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { AggregatorRegistry, collectDefaultMetrics, Counter, Registry } from 'prom-client';
import { PlainHistogram, type HistogramSeries } from './plain-histogram.js';

const UNMATCHED_ROUTE = 'unmatched';

declare module 'fastify' {
  interface FastifyInstance {
    /** The app's Prometheus registry: register a feature's own metrics here (database/metrics.ts does). */
    readonly metricsRegistry: Registry;
  }
}

type LabelName = 'route' | 'method' | 'status';

interface Series {
  /** The durations of its answers, which are also their count. */
  duration: HistogramSeries<LabelName>;
  /** Its answers written before routing (no duration) since the counter was last read. */
  unrouted: number;
}

export const metrics = fp(
  async (app: FastifyInstance) => {
    const registry = new Registry();
    app.decorate('metricsRegistry', registry);
    collectDefaultMetrics({ register: registry });
    if (cluster.isWorker) {
      AggregatorRegistry.setRegistries([registry]);
      new AggregatorRegistry();
    }
    const labelNames = ['route', 'method', 'status'] as const;
    const everySeries: Series[] = [];
    new Counter({
      name: 'http_requests_total',
      help: 'HTTP requests answered, by route template, method and status.',
      labelNames,
      registers: [registry],
      collect() {
        for (const found of everySeries) {
          const uncounted = found.duration.takeUncounted() + found.unrouted;
          found.unrouted = 0;
          if (uncounted > 0) this.inc(found.duration.labels, uncounted);
        }
      },
    });
    const duration = new PlainHistogram({
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
        found = { duration: duration.series({ route, method, status: String(status) }), unrouted: 0 };
        byStatus.set(status, found);
        everySeries.push(found);
      }
      return found;
    }

    app.addHook('onResponse', function observeRequestMetrics(request, reply, done) {
      const found = series(request.routeOptions.url ?? UNMATCHED_ROUTE, request.method, reply.statusCode);
      found.duration.observe(reply.elapsedTime / 1000);
      done();
    });

    app.unroutedAnswers.subscribe(({ method, status }) => {
      series(UNMATCHED_ROUTE, method, status).unrouted += 1;
    });

    const dropped = new Counter({
      name: 'http_connections_dropped_total',
      help: 'Connections closed unanswered because MAX_CONNECTIONS were open.',
      registers: [registry],
    });
    app.server.on('drop', () => {
      dropped.inc();
    });
  },
  { name: 'metrics' },
);
