/** The Pets feature, version 1: what the registry mounts and what other code may import. */
import type { FeatureModule } from '../../../core/feature.js';
import { router } from './api.js';

export const feature: FeatureModule = { name: 'pets', version: 1, router, usesDatabase: true };

export { router } from './api.js';
export { Pet, PetCreate, PetListQuery, PetPage, PetPatch, petExample } from './models.js';
