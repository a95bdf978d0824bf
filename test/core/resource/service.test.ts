/**
 * The record service every resource shares, with a repository of the test's own: no database, no HTTP.
 * Ids and timestamps come from its dependencies, rules run before each write, pages know whether another
 * follows, and a change that cannot apply says why (404 when the record is gone, 412 when it has moved on).
 */
import { describe, expect, it } from 'vitest';
import type { NewOf, RowOf } from '../../../src/core/resource/declaration.js';
import { recordService, type Caller, type WriteRules } from '../../../src/core/resource/service.js';
import type { ResourceRepository } from '../../../src/core/resource/store.js';
import type { pets } from '../../../src/features/pets/resource.js';

type PetFields = typeof pets.fields;
type PetsRepository = ResourceRepository<PetFields>;
type PetRow = RowOf<PetFields>;
type NewPet = NewOf<PetFields>;

const NOW = new Date('2026-03-01T09:00:00.000Z');
const ID = '3f0c5a8e-2b7d-4c1e-9f6a-8d2b4e6c1a3f';
const STORED: PetRow = {
  id: ID,
  owner: 'alice',
  created_at: '2026-02-01T08:00:00.000Z',
  updated_at: '2026-02-01T08:00:00.000Z',
  revision: 1,
  name: 'Rex',
  species: 'dog',
  birth_date: '2020-05-17',
  notes: 'Allergic to chicken.',
};
/** The caller every call is made as: the service passes them on to the repository. */
const ALICE: Caller = { owner: 'alice', all: false };
const INPUT: NewPet = {
  name: 'Rex',
  species: 'dog',
  birth_date: '2020-05-17',
  notes: 'Allergic to chicken.',
};

/** A repository that fails any call the test did not expect. */
function repository(calls: Partial<PetsRepository>): PetsRepository {
  const unexpected = (): never => {
    throw new Error('unexpected repository call');
  };
  return { insert: unexpected, find: unexpected, page: unexpected, update: unexpected, delete: unexpected, ...calls };
}

const service = (calls: Partial<PetsRepository>, rules?: WriteRules<NewPet, Partial<NewPet>>) =>
  recordService({ repository: repository(calls), clock: () => NOW, newId: () => ID }, 'pet', rules);

describe('recordService', () => {
  it('creates with the id and the time its dependencies give', async () => {
    const inserted: unknown[] = [];
    const created = await service({
      insert: async (row, caller) => {
        inserted.push(row, caller);
        return {
          ...STORED,
          id: row.id,
          created_at: row.created_at.toISOString(),
          updated_at: row.updated_at.toISOString(),
        };
      },
    }).create(INPUT, ALICE);

    expect(inserted).toEqual([{ ...INPUT, id: ID, created_at: NOW, updated_at: NOW }, ALICE]);
    expect(created).toMatchObject({ id: ID, created_at: NOW.toISOString(), updated_at: NOW.toISOString() });
  });

  it('reads a record, and answers 404 naming the pet when none has the id', async () => {
    expect(await service({ find: async () => STORED }).get(ID, ALICE)).toBe(STORED);
    await expect(service({ find: async () => undefined }).get(ID, ALICE)).rejects.toMatchObject({
      statusCode: 404,
      message: expect.stringContaining('pet') as string,
    });
  });

  it('asks for one record more than a page holds, to tell whether a next page exists', async () => {
    const second = { ...STORED, id: '5a1d3c7e-8b2f-4a6c-9e0d-1f3b5d7a9c2e' };
    const limits: number[] = [];
    const full = await service({
      page: async ({ limit }) => {
        limits.push(limit);
        return [STORED, second];
      },
    }).list({ limit: 1, after: undefined, filters: {} }, ALICE);
    expect(limits).toEqual([2]);
    expect(full).toEqual({ items: [STORED], next: { createdAt: STORED.created_at, id: STORED.id } });

    const last = await service({ page: async () => [STORED] }).list({ limit: 1, after: undefined, filters: {} }, ALICE);
    expect(last).toEqual({ items: [STORED], next: undefined });
  });

  it('changes a record at the time its clock gives', async () => {
    const updated = await service({
      update: async (_id, expected, changes) => {
        expect(expected).toEqual([1]);
        return { ...STORED, updated_at: changes.updated_at.toISOString(), revision: 2 };
      },
    }).update(ID, [1], {}, ALICE);
    expect(updated).toMatchObject({ updated_at: NOW.toISOString(), revision: 2 });
  });

  it('answers 412 when the record has moved on, and 404 when it is gone, for a change and a delete', async () => {
    const moved = service({ update: async () => undefined, delete: async () => false, find: async () => STORED });
    await expect(moved.update(ID, [1], {}, ALICE)).rejects.toMatchObject({ statusCode: 412 });
    await expect(moved.remove(ID, [1], ALICE)).rejects.toMatchObject({ statusCode: 412 });

    const gone = service({ update: async () => undefined, delete: async () => false, find: async () => undefined });
    await expect(gone.update(ID, '*', {}, ALICE)).rejects.toMatchObject({ statusCode: 404 });
    await expect(gone.remove(ID, '*', ALICE)).rejects.toMatchObject({ statusCode: 404 });
  });

  it('stores what the rules return, and stores nothing when they refuse', async () => {
    const inserted: unknown[] = [];
    const changed: unknown[] = [];
    const rules = {
      create: (input: NewPet) => ({ ...input, name: input.name.toUpperCase() }),
      change: (changes: Partial<NewPet>) => {
        if (changes.name === '') throw new Error('refused');
        return { ...changes, notes: 'derived' };
      },
    };
    const calls: Partial<PetsRepository> = {
      insert: async (row) => {
        inserted.push(row.name);
        return STORED;
      },
      update: async (_id, _expected, changes) => {
        changed.push(changes);
        return STORED;
      },
    };
    await service(calls, rules).create(INPUT, ALICE);
    await service(calls, rules).update(ID, '*', { name: 'Max' }, ALICE);
    await expect(service(calls, rules).update(ID, '*', { name: '' }, ALICE)).rejects.toThrow('refused');
    expect(inserted).toEqual(['REX']);
    expect(changed).toEqual([{ name: 'Max', notes: 'derived', updated_at: NOW }]);
  });
});
