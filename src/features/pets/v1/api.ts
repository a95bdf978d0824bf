/**
 * Pets v1, the contract with its clients: every operation of the engine (src/core/resource/routes.ts) on
 * the pets declaration (../resource.ts), under `/v1/pets`, reads with `pets:read` and writes with `pets:write`.
 */
import { resourceRouter } from '../../../core/resource/routes.js';
import { pets } from '../resource.js';

export const router = resourceRouter(pets, { tag: 'Pets', scopes: { read: 'pets:read', write: 'pets:write' } });
