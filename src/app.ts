/**
 * The app factory: one Fastify instance with the core plugins, then every registered feature version
 * under its version prefix. It never listens, so tests drive it with `inject` and no network.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { apiPrefix, type Settings } from './config.js';
import { docs } from './core/docs.js';
import { errors } from './core/errors.js';
import type { FeatureModule } from './core/feature.js';
import { clientErrorHandler, frameworkErrors } from './core/framework-errors.js';
import { jsonContentType } from './core/json-content-type.js';
import { openApi } from './core/openapi.js';
import { features as registeredFeatures } from './features/registry.js';

export interface AppOptions {
  /** The feature versions to mount; the registry's list unless a test mounts others. */
  features?: readonly FeatureModule[];
}

export function createApp(settings: Settings, { features = registeredFeatures }: AppOptions = {}): FastifyInstance {
  const app = Fastify({
    logger: { level: settings.LOG_LEVEL },
    frameworkErrors,
    clientErrorHandler,
  }).withTypeProvider<TypeBoxTypeProvider>();

  const versions = [...new Set(features.map((feature) => feature.version))].sort((a, b) => a - b);

  app.register(jsonContentType);
  app.register(errors);
  app.register(openApi, { settings, versions });
  for (const feature of features) {
    app.register(feature.router, { prefix: apiPrefix(settings, feature.version) });
  }
  app.register(docs, { settings, versions });
  return app;
}
