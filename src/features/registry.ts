/**
 * Every feature version the app mounts, one line each: the one list the app reads.
 * Sorted by feature name, then version.
 */
import type { FeatureModule } from '../core/feature.js';
import { feature as smoke_test_v1 } from './smoke_test/v1/index.js';

export const features: readonly FeatureModule[] = [smoke_test_v1];
