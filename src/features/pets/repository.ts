/**
 * The pets table (migrations/) through Kysely: the only place its SQL is written, shared by every
 * version of the feature. Every value is a bound parameter.
 */
import type { Generated, Insertable, Selectable } from 'kysely';
import type { Database } from '../../core/database/types.js';
import type { RecordRepository } from '../../core/resource/service.js';

export type PetsTables = {
  pets: {
    id: string;
    created_at: Date;
    updated_at: Date;
    revision: Generated<number>;
    name: string;
    species: 'dog' | 'cat' | 'rabbit' | 'bird' | 'reptile' | 'other';
    birth_date: string | null;
    notes: string | null;
  };
};

export type PetRow = Selectable<PetsTables['pets']>;
/** What a client gives to create a pet: every field but the stamps (id, created_at, updated_at, revision). */
export type NewPet = Omit<Insertable<PetsTables['pets']>, 'id' | 'created_at' | 'updated_at' | 'revision'>;
export type PetChanges = Partial<NewPet>;
/** Equality filters of a list. */
export type PetFilters = Partial<Pick<NewPet, 'name' | 'species' | 'birth_date'>>;

export type PetsRepository = RecordRepository<PetRow, NewPet, PetChanges, PetFilters>;

export function petsRepository(database: Database): PetsRepository {
  const db = database.withTables<PetsTables>();
  return {
    insert: (row) => db.insertInto('pets').values(row).returningAll().executeTakeFirstOrThrow(),
    find: (id) => db.selectFrom('pets').selectAll().where('id', '=', id).executeTakeFirst(),
    page: ({ limit, after, filters }) => {
      let query = db.selectFrom('pets').selectAll();
      // Each value was validated against its field's schema by the route; Kysely binds it as a parameter.
      for (const [column, value] of Object.entries(filters) as [keyof PetFilters, never][]) {
        query = query.where(column, '=', value);
      }
      if (after !== undefined) {
        query = query.where((eb) => eb(eb.refTuple('created_at', 'id'), '>', eb.tuple(after.createdAt, after.id)));
      }
      return query.orderBy('created_at').orderBy('id').limit(limit).execute();
    },
    update: async (id, expected, changes) => {
      if (expected !== '*' && expected.length === 0) return undefined;
      let query = db
        .updateTable('pets')
        .set((eb) => ({ ...changes, revision: eb('revision', '+', 1) }))
        .where('id', '=', id);
      if (expected !== '*') query = query.where('revision', 'in', expected);
      return query.returningAll().executeTakeFirst();
    },
    delete: async (id, expected) => {
      if (expected !== '*' && expected.length === 0) return false;
      let query = db.deleteFrom('pets').where('id', '=', id);
      if (expected !== '*') query = query.where('revision', 'in', expected);
      const result = await query.executeTakeFirst();
      return result.numDeletedRows > 0n;
    },
  };
}
