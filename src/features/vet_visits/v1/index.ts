/** The Vet Visits feature, one version of it: what the registry mounts. */
import type { FeatureModule } from '../../../core/features/feature.js';
import { router } from './api.js';

export const feature: FeatureModule = { name: 'vet_visits', version: 1, router, usesDatabase: true };

export { router } from './api.js';
