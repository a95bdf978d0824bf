/**
 * Vet Visits v1, the contract with its clients: the engine's operations
 * (src/core/resource/routes.ts) on the vet_visits declaration (../resource.ts), under
 * `/v1/vet_visits`. Choose here what this version exposes (`operations`, `fields`) and add
 * routes of its own (`routes`); see docs/builder.md.
 */
import { resourceRouter } from '../../../core/resource/routes.js';
import { vetVisits } from '../resource.js';

export const router = resourceRouter(vetVisits, {
  tag: 'Vet visits',
  scopes: { read: 'vet_visits:read', write: 'vet_visits:write' },
});
