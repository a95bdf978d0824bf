/**
 * Pets v1 on a real database, for what is its own: its fields stored and read back, left out, refused and
 * filtered on. What every resource does (pages, preconditions, errors, outages, scopes) is the engine's,
 * tested once in test/core/resource/engine.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { feature } from '../../../../src/features/pets/v1/index.js';
import { expectProblem, pointers, useResourceApp, type Stored } from '../../../helpers/resource-app.js';

const served = useResourceApp(feature, { read: 'pets:read', write: 'pets:write' });
const REX = { name: 'Rex', species: 'dog', birth_date: '2020-05-17', notes: 'Allergic to chicken.' };

describe(`Pets v${feature.version}`, () => {
  it('stores every field and reads it back', async () => {
    const { record } = await served.create(REX);
    expect(record).toMatchObject(REX);
    expect((await served.read(record.id)).json()).toEqual(record);
  });

  it('stores null for a birth date and notes left out', async () => {
    const { record } = await served.create({ name: 'Tom', species: 'cat' });
    expect(record).toMatchObject({ birth_date: null, notes: null });
  });

  it('names each invalid field', async () => {
    const invalid = { name: 12345, species: 'dragon', birth_date: '2020-13-01', notes: 12345 };
    const response = await served.app.inject({ method: 'POST', url: `${served.base}/`, payload: invalid });
    expectProblem(response, 400);
    expect(pointers(response)).toEqual(['body /birth_date', 'body /name', 'body /notes', 'body /species']);
  });

  it('filters a list by species, name and birth date', async () => {
    const { record: rex } = await served.create(REX);
    const { record: bird } = await served.create({ ...REX, species: 'bird', name: 'Tweety' });
    for (const [query, expected] of [
      [{ species: 'bird' }, bird],
      [{ name: 'Tweety' }, bird],
      [{ species: 'dog', birth_date: '2020-05-17' }, rex],
    ] as const) {
      const response = await served.list({ ...query, limit: '100' });
      expect(response.statusCode, response.body).toBe(200);
      const ids = response.json<{ items: Stored[] }>().items.map((item) => item.id);
      expect(ids).toContain(expected.id);
      expect(ids).not.toContain((expected === rex ? bird : rex).id);
    }
  });
});
