import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Deprecation } from './deprecation.js';

/**
 * One version of one feature, as its `index.ts` exports it and the registry lists it.
 * The app mounts `router` under the version's prefix (`/v1` for version 1), as FastAPI's
 * `include_router(router, prefix=settings.API_V1_STR)` does; the router adds the feature's own path.
 */
export interface FeatureModule {
  /** Lower snake_case; also the feature's URL segment. */
  readonly name: string;
  readonly version: number;
  readonly router: FastifyPluginAsyncTypebox;
  /** Set by `petsage feature deprecate`: the version still answers, announcing its end (deprecation.ts). */
  readonly deprecation?: Deprecation;
}

/**
 * Wraps a feature's routes so that they answer under `/<name>`: `GET /` in `routes` becomes
 * `GET /<version prefix>/<name>/`, and also `/<name>` without the slash (Fastify's prefixTrailingSlash 'both').
 */
export function featureRouter(name: string, routes: FastifyPluginAsyncTypebox): FastifyPluginAsyncTypebox {
  return async (app) => {
    await app.register(routes, { prefix: `/${name}` });
  };
}
