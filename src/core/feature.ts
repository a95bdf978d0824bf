import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';

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
  /**
   * True when the routes use `app.db` (PostgreSQL). The app opens the database, and applies the feature's
   * migrations (`src/features/<name>/migrations/NNNN_<slug>.sql`), only when some registered feature says so.
   */
  readonly usesDatabase?: boolean;
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
