/**
 * The type of `app.db`: a Kysely instance that knows no tables. Each repository narrows it to its own
 * tables, so no central schema type is shared (and conflicted over) between features:
 *
 * ```ts
 * type PetsTables = { pets: { id: Generated<string>; name: string; created_at: Generated<Date> } }; // a type, not an interface
 * export function petsRepository(db: Database) {
 *   const pets = db.withTables<PetsTables>();
 *   return { byId: (id: string) => pets.selectFrom('pets').selectAll().where('id', '=', id).executeTakeFirst() };
 * }
 * // in the version's router: const repository = petsRepository(app.db);
 * ```
 *
 * Type-only: importing it loads no database code.
 */
import type { Kysely } from 'kysely';

export type Database = Kysely<object>;

declare module 'fastify' {
  interface FastifyInstance {
    /** PostgreSQL through Kysely; decorated only when a registered feature has `usesDatabase: true`. */
    readonly db: Database;
  }
}
