/** How a feature version is mounted: its router as it is, or, when the version is deprecated, wrapped. */
import type { FastifyPluginAsync } from 'fastify';
import { deprecatedRouter } from './deprecation.js';
import type { FeatureModule } from './feature.js';

/** The plugin that mounts `feature`, one of `all` (the mounted versions, for a deprecated one's successor). */
export function featurePlugin(
  feature: FeatureModule,
  all: readonly FeatureModule[],
  prefixOf: (version: number) => string,
): FastifyPluginAsync {
  const { deprecation } = feature;
  return deprecation === undefined ? feature.router : deprecatedRouter(feature, deprecation, all, prefixOf);
}
