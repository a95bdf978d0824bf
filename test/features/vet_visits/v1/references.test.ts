/**
 * vet_visits refers to pets (issue 17 item 2), on the real features and a real database, with tokens for
 * two subjects: a visit names only one of its caller's own pets (a missing pet and another owner's are
 * refused alike, naming pet_id, and nothing is stored), a pet with visits cannot be deleted (409 naming
 * them), and lists filter by pet. Before references, pet_id was any UUID and all of these were stored.
 */
import type { FastifyInstance } from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';
import { feature } from '../../../../src/features/vet_visits/v1/index.js';
import { asCaller } from '../../../helpers/auth.js';
import { expectProblem, pointers, useResourceApp, type Answer, type Stored } from '../../../helpers/resource-app.js';

const served = useResourceApp(feature, { read: 'vet_visits:read', write: 'vet_visits:write' });
const SCOPES = 'pets:read pets:write vet_visits:read vet_visits:write';
const MISSING = '00000000-0000-4000-8000-000000000000';
let alice: FastifyInstance;
let bob: FastifyInstance;

beforeAll(async () => {
  alice = asCaller(served.anonymous, await served.issuer.token({ subject: 'alice', scope: SCOPES }));
  bob = asCaller(served.anonymous, await served.issuer.token({ subject: 'bob', scope: SCOPES }));
});

async function created(app: FastifyInstance, url: string, payload: Record<string, unknown>): Promise<Stored> {
  const response = await app.inject({ method: 'POST', url, payload });
  expect(response.statusCode, response.body).toBe(201);
  return response.json<Stored>();
}

const pet = (app: FastifyInstance) => created(app, '/v1/pets/', { name: 'Rex', species: 'dog' });
const visit = (app: FastifyInstance, petId: string) =>
  created(app, '/v1/vet_visits/', {
    pet_id: petId,
    visited_at: '2026-01-31T09:30:00Z',
    reason: 'Check-up',
    vet: 'Dr. Who',
  });
const visitsOf = async (app: FastifyInstance, petId: string) => {
  const response = await app.inject({ method: 'GET', url: `/v1/vet_visits/?pet_id=${petId}&limit=100` });
  expect(response.statusCode, response.body).toBe(200);
  return response.json<{ items: Stored[] }>().items.map((item) => item.id);
};
const refused = (response: Answer) => {
  expectProblem(response, 400);
  expect(pointers(response)).toEqual(['body /pet_id']);
  return response.body.replace(/[0-9a-f-]{36}/g, '<id>');
};

describe('a visit names one of its caller’s pets', () => {
  it('refuses a missing pet and another owner’s pet alike, naming pet_id, and stores nothing', async () => {
    const alices = await pet(alice);
    const body = { visited_at: '2026-01-31T09:30:00Z', reason: 'Check-up', vet: 'Dr. Who' };
    const foreign = await bob.inject({
      method: 'POST',
      url: '/v1/vet_visits/',
      payload: { ...body, pet_id: alices.id },
    });
    const missing = await bob.inject({ method: 'POST', url: '/v1/vet_visits/', payload: { ...body, pet_id: MISSING } });
    expect(refused(foreign)).toEqual(refused(missing));
    expect(await visitsOf(alice, alices.id)).toEqual([]);
  });

  it('refuses a change to another owner’s pet, and keeps the visit as it was', async () => {
    const bobs = await visit(bob, (await pet(bob)).id);
    const alices = await pet(alice);
    const change = await bob.inject({
      method: 'PATCH',
      url: `/v1/vet_visits/${bobs.id}`,
      headers: { 'if-match': '*' },
      payload: { pet_id: alices.id },
    });
    refused(change);
    const read = await bob.inject({ method: 'GET', url: `/v1/vet_visits/${bobs.id}` });
    expect(read.json()).toEqual(bobs);
  });

  it('lists the visits of one pet with ?pet_id=, and none of another owner’s pet', async () => {
    const [rex, max] = [await pet(alice), await pet(alice)];
    const visits = [await visit(alice, rex.id), await visit(alice, rex.id)].map((record) => record.id);
    await visit(alice, max.id);
    expect(await visitsOf(alice, rex.id)).toEqual(visits);
    expect(await visitsOf(bob, rex.id)).toEqual([]);
  });
});

describe('a pet with visits', () => {
  it('cannot be deleted (409 naming vet_visits) until its visits are', async () => {
    const rex = await pet(alice);
    const seen = await visit(alice, rex.id);
    const refusedDelete = await alice.inject({
      method: 'DELETE',
      url: `/v1/pets/${rex.id}`,
      headers: { 'if-match': '*' },
    });
    expectProblem(refusedDelete, 409);
    expect(refusedDelete.json<{ detail: string }>().detail).toContain('vet_visits (pet_id)');
    expect((await alice.inject({ method: 'GET', url: `/v1/pets/${rex.id}` })).statusCode).toBe(200);

    const gone = await alice.inject({
      method: 'DELETE',
      url: `/v1/vet_visits/${seen.id}`,
      headers: { 'if-match': '*' },
    });
    expect(gone.statusCode).toBe(204);
    const deleted = await alice.inject({ method: 'DELETE', url: `/v1/pets/${rex.id}`, headers: { 'if-match': '*' } });
    expect(deleted.statusCode).toBe(204);
  });
});
