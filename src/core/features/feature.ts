import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Deprecation } from './deprecation.js';

/**
 * One version of one feature, as its `index.ts` exports it and the registry lists it.
 * The app mounts `router` under the version's prefix and the feature's name (`/v1/<name>` for version 1),
 * so `name` is the one place a feature's URL segment is said: a route declared as `/` in `router` answers
 * `GET /v1/<name>/`, and also `/v1/<name>` without the slash (Fastify's prefixTrailingSlash 'both').
 */
export interface FeatureModule {
  /** Lower snake_case; also the feature's URL segment. */
  readonly name: string;
  readonly version: number;
  readonly router: FastifyPluginAsyncTypebox;
  /** Set by `petsage feature deprecate`: the version still answers, announcing its end (deprecation.ts). */
  readonly deprecation?: Deprecation;
  /**
   * True when the routes use `app.db` (PostgreSQL). The app opens the database, and applies the feature's
   * migrations (`src/features/<name>/migrations/NNNN_<slug>.sql`), only when some registered feature says so.
   */
  readonly usesDatabase?: boolean;
}

/** Where the app mounts a feature version, under its API version's prefix (`/v1/pets`). */
export function featurePrefix(versionPrefix: string, feature: Pick<FeatureModule, 'name'>): string {
  return `${versionPrefix}/${feature.name}`;
}
