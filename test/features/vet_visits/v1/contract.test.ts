/**
 * Vet visits v1 is released: the contract its OpenAPI document states is exactly its snapshot
 * (contracts/vet_visits/v1.json), not only compatible with it, whatever the engine it is served by. No database:
 * the app builds its documents without one.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { loadProjectApp } from '../../../../tools/cli/app.js';
import { liveContracts, readSnapshot } from '../../../../tools/cli/contract/snapshot.js';
import { PROJECT_ROOT } from '../../../../tools/cli/main.js';

let app: FastifyInstance;

beforeAll(async () => {
  app = await loadProjectApp(PROJECT_ROOT);
});

afterAll(() => app.close());

it('serves exactly the released contract of vet_visits v1', async () => {
  const ref = { name: 'vet_visits', version: 1 };
  expect(await liveContracts(app)(ref)).toEqual(readSnapshot(PROJECT_ROOT, ref));
});
