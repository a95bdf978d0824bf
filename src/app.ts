/**
 * The app factory: one Fastify instance with the core plugins, then every registered feature version
 * under its version prefix. It never listens, so tests drive it with `inject` and no network.
 */
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import fp from 'fastify-plugin';
import { apiPrefix, trustProxy, type Settings } from './config.js';
import type { TraceIds } from './core/observability/access-log.js';
import { featurePlugin } from './core/features/mount.js';
import { docs } from './core/openapi/docs.js';
import { featurePrefix, type FeatureModule } from './core/features/feature.js';
import { serverErrorOptions } from './core/errors/framework-errors.js';
import { httpServerOptions } from './core/protection/http-server.js';
import { createLogger, type ServiceLogger } from './core/observability/logging.js';
import { requestId } from './core/observability/request-id.js';
import { corePipeline } from './core/pipeline.js';
import { UnroutedAnswers } from './core/errors/unrouted.js';
import { buildSerializer } from './core/errors/serialization.js';
import { buildValidator } from './core/errors/validation.js';
import { features as registeredFeatures } from './features/registry.js';

export interface AppOptions {
  /** The feature versions to mount; the registry's list unless a test mounts others. */
  features?: readonly FeatureModule[];
  /** The logger to use; one built from the settings unless the process entry passes its own. */
  logger?: FastifyBaseLogger;
  /** Where the feature folders (and their migrations) are; src/features, or dist/features in the build. */
  featuresRoot?: string;
  /** With tracing on (server.ts), where the access log finds each request's trace id. */
  traceIds?: TraceIds | undefined;
}

export function createApp(
  settings: Settings,
  { features = registeredFeatures, logger, featuresRoot, traceIds }: AppOptions = {},
): FastifyInstance {
  const own = logger ? undefined : createLogger(settings);
  const loggerInstance: FastifyBaseLogger = logger ?? (own as ServiceLogger).logger;
  const unroutedAnswers = new UnroutedAnswers();
  const app = Fastify({
    loggerInstance,
    // One access log line per request (access-log.ts) instead of Fastify's two, and no child logger per
    // request: the line carries the request id itself.
    logController: new LogController({ disableRequestLogging: true }),
    childLoggerFactory: (parent) => parent,
    requestIdHeader: false,
    genReqId: requestId,
    http: httpServerOptions(settings),
    keepAliveTimeout: settings.KEEP_ALIVE_TIMEOUT_MS,
    requestTimeout: settings.REQUEST_TIMEOUT_MS,
    bodyLimit: settings.BODY_LIMIT_BYTES,
    // Whose X-Forwarded-For is believed for request.ip (rate limits): nobody's unless TRUST_PROXY says.
    trustProxy: trustProxy(settings),
    // On close: stop accepting, close idle keep-alive connections, let in-flight requests finish. A request
    // still arriving on an open connection is served (with Connection: close, see probes.ts) rather than
    // refused with Fastify's own 503 body, which is not a problem document.
    forceCloseConnections: 'idle',
    return503OnClosing: false,
    ...serverErrorOptions(unroutedAnswers),
    schemaController: { compilersFactory: { buildValidator, buildSerializer } },
  }).withTypeProvider<TypeBoxTypeProvider>();
  // Past the cap Node closes new connections unanswered (and emits 'drop', counted in the metrics).
  app.server.maxConnections = settings.MAX_CONNECTIONS;
  app.decorate('unroutedAnswers', unroutedAnswers);
  if (own) {
    app.addHook('onClose', function stopOwnLogger(_app, done) {
      own.stop();
      own.flushSync();
      done();
    });
  }

  const versions = [...new Set(features.map((feature) => feature.version))].sort((a, b) => a - b);

  for (const stage of corePipeline({ settings, versions, traceIds })) stage.register(app);
  if (features.some((feature) => feature.usesDatabase)) {
    // Imported only here, so a service with no database feature loads no database code (nor pg, nor Kysely).
    app.register(
      fp(async (app) => {
        const { database } = await import('./core/database/plugin.js');
        const { idempotency } = await import('./core/idempotency/plugin.js');
        const { pageCursorSigning } = await import('./core/resource/cursor.js');
        await app.register(database, { settings, features, featuresRoot });
        await app.register(pageCursorSigning, { settings });
        await app.register(idempotency, { settings });
      }),
    );
  }
  for (const feature of features) {
    const prefixOf = (version: number): string => apiPrefix(settings, version);
    app.register(featurePlugin(feature, features, prefixOf), {
      prefix: featurePrefix(prefixOf(feature.version), feature),
    });
  }
  app.register(docs, { settings, versions });
  return app;
}
