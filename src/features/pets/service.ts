/**
 * The pets domain, shared by every version of the feature: records with their ids, timestamps
 * and revisions (core/resource/service.ts). Add the feature's business rules here; each version's routes
 * (v<N>/api.ts) call this service, which needs no HTTP, and no database when a test passes its own repository.
 */
import { recordService, type RecordService, type ServiceDependencies } from '../../core/resource/service.js';
import type { PetsRepository, PetChanges, PetFilters, PetRow, NewPet } from './repository.js';

export type PetsService = RecordService<PetRow, NewPet, PetChanges, PetFilters>;

export function petsService(dependencies: ServiceDependencies<PetsRepository>): PetsService {
  return recordService(dependencies, 'pet');
}
