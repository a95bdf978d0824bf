/** The smoke test feature, at the version below: what the registry mounts and what other code may import. */
import type { FeatureModule } from '../../../core/features/feature.js';
import { router } from './api.js';

export const feature: FeatureModule = { name: 'smoke_test', version: 1, router };

export { router } from './api.js';
export { SmokeTestResponse, smokeTestExample } from './models.js';
export { performSmokeTest } from './service.js';
