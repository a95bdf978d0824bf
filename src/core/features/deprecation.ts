/**
 * Deprecated feature versions, as their FeatureModule declares them (`deprecation`, written by
 * `petsage feature deprecate`). Every response of such a version carries `Deprecation` (RFC 9745: when it
 * was deprecated, `@<epoch seconds>`), `Sunset` (RFC 8594: an HTTP-date) when a date is set, and a
 * `Link` to the newest version (`rel="successor-version"`, RFC 5829) when there is one; its OpenAPI
 * operations say `deprecated: true`, so Swagger UI strikes them through, and document those headers and,
 * with a sunset, the 410 (openapi/operations.ts, from the route's `config.deprecation`). From the sunset on, the version
 * answers 410 Gone problem documents until its folder is removed. Calls are counted by feature and version.
 *
 * The header values are computed once, when the app is built: a deprecated version's requests pay one
 * headers() call, one counter increment and, with a sunset, one clock read.
 */
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import { Counter } from 'prom-client';
import type { FeatureModule } from './feature.js';
import { sendProblem } from '../errors/problem.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** On every route of a deprecated version: which of its headers it sends, for its OpenAPI entry. */
    deprecation?: DeprecationFacts;
  }
}

/** What a deprecated version's operations answer besides their own responses. */
export interface DeprecationFacts {
  /** A Sunset header, and 410 Gone from that date on. */
  readonly sunset: boolean;
  /** A Link header to the newest version. */
  readonly successor: boolean;
}

export interface Deprecation {
  /** The day the version was deprecated (YYYY-MM-DD, UTC). */
  readonly since: string;
  /** The day it stops answering (YYYY-MM-DD, UTC): from then on, 410 Gone. */
  readonly sunset?: string;
}

export const DEPRECATED_REQUESTS_METRIC = 'petsage_deprecated_requests_total';

/** The response headers of a deprecated version; `successor` is the newest version's path, if any. */
export function deprecationHeaders(deprecation: Deprecation, successor?: string): Record<string, string> {
  const headers: Record<string, string> = { deprecation: `@${Math.floor(Date.parse(deprecation.since) / 1000)}` };
  if (deprecation.sunset !== undefined) headers.sunset = new Date(Date.parse(deprecation.sunset)).toUTCString();
  if (successor !== undefined) headers.link = `<${successor}>; rel="successor-version"`;
  return headers;
}

/** The counter of calls to deprecated versions, on the app's metrics registry (one per registry). */
function deprecatedCalls(app: FastifyInstance): Counter<'feature' | 'version'> | undefined {
  // Undecorated when METRICS_ENABLED=false (metrics.ts).
  const registry = app.hasDecorator('metricsRegistry') ? app.metricsRegistry : undefined;
  if (registry === undefined) return undefined;
  const existing = registry.getSingleMetric(DEPRECATED_REQUESTS_METRIC);
  if (existing instanceof Counter) return existing;
  return new Counter({
    name: DEPRECATED_REQUESTS_METRIC,
    help: 'Requests to deprecated feature versions, by feature and version: who still calls them.',
    labelNames: ['feature', 'version'],
    registers: [registry],
  });
}

/** The path of the feature's newest version (`/v3/pets/`), when it is newer than `feature`. */
function successorPath(
  feature: FeatureModule,
  all: readonly FeatureModule[],
  prefixOf: (version: number) => string,
): string | undefined {
  const newest = Math.max(...all.filter((other) => other.name === feature.name).map((other) => other.version));
  return newest > feature.version ? `${prefixOf(newest)}/${feature.name}/` : undefined;
}

/** `feature`'s router wrapped in the behaviour above: its headers, its counter, and 410 after its sunset. */
export function deprecatedRouter(
  feature: FeatureModule,
  deprecation: Deprecation,
  all: readonly FeatureModule[],
  prefixOf: (version: number) => string,
): FastifyPluginAsync {
  const successor = successorPath(feature, all, prefixOf);
  const headers = deprecationHeaders(deprecation, successor);
  const sunsetAt = deprecation.sunset === undefined ? undefined : Date.parse(deprecation.sunset);
  const gone =
    `Version ${feature.version} of ${feature.name} was retired on ${deprecation.sunset ?? ''}` +
    (successor === undefined ? '.' : `; use ${successor} instead.`);
  return async (app) => {
    const facts: DeprecationFacts = { sunset: sunsetAt !== undefined, successor: successor !== undefined };
    app.addHook('onRoute', (route) => {
      route.schema = { ...route.schema, deprecated: true };
      route.config = { ...route.config, deprecation: facts };
    });
    const calls = deprecatedCalls(app)?.labels(feature.name, `v${feature.version}`);
    app.addHook('onRequest', function announceDeprecation(_request, reply, done) {
      reply.headers(headers);
      calls?.inc();
      if (sunsetAt !== undefined && Date.now() >= sunsetAt) {
        sendProblem(reply, 410, gone);
        return;
      }
      done();
    });
    await app.register(feature.router);
  };
}
