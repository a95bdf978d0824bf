/**
 * Vet Visits v1 on a real database, for what is its own: its fields stored and read back,
 * left out, refused and filtered on. What every resource does (pages, preconditions, errors, outages,
 * scopes) is the engine's, tested once in test/core/resource/engine.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { feature } from '../../../../src/features/vet_visits/v1/index.js';
import { expectProblem, pointers, useResourceApp } from '../../../helpers/resource-app.js';

const served = useResourceApp(feature, { read: 'vet_visits:read', write: 'vet_visits:write' });

/** A valid body with every field; unique fields differ at each call, so records never collide. */
function sampleBody(): Record<string, unknown> {
  return {
    pet_id: served.reference('pet_id'),
    visited_at: '2026-01-31T09:30:00.000Z',
    reason: 'Yearly vaccination.',
    vet: 'Dr. Moreau, Riverside Clinic',
    notes: 'Healthy; next booster in a year.',
  };
}

describe(`Vet Visits v${feature.version}`, () => {
  it('stores every field and reads it back', async () => {
    const body = sampleBody();
    const { record } = await served.create(body);
    expect(record).toMatchObject(body);
    expect((await served.read(record.id)).json()).toEqual(record);
  });

  it('stores null or the default for the fields a body leaves out', async () => {
    const required = new Set(['pet_id', 'visited_at', 'reason', 'vet']);
    const { record } = await served.create(
      Object.fromEntries(Object.entries(sampleBody()).filter(([name]) => required.has(name))),
    );
    expect(record).toMatchObject({ notes: null });
  });

  it('names each invalid field', async () => {
    const response = await served.app.inject({
      method: 'POST',
      url: `${served.base}/`,
      payload: { pet_id: 12345, visited_at: 12345, reason: 12345, vet: 12345, notes: 12345 },
    });
    expectProblem(response, 400);
    expect(pointers(response)).toEqual([
      'body /notes',
      'body /pet_id',
      'body /reason',
      'body /vet',
      'body /visited_at',
    ]);
  });

  it('filters a list by equality on visited_at', async () => {
    const { record: match } = await served.create(sampleBody());
    const { record: other } = await served.create({ ...sampleBody(), visited_at: '2026-02-01T08:30:00.000Z' });
    const response = await served.list({ visited_at: String(match.visited_at), limit: '100' });

    expect(response.statusCode, response.body).toBe(200);
    const ids = response.json<{ items: { id: string }[] }>().items.map((item) => item.id);
    expect(ids).toContain(match.id);
    expect(ids).not.toContain(other.id);
  });
});
