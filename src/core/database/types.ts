/**
 * The type of `app.db`: a Kysely instance over `Tables`, the app's tables. A resource's declaration adds its
 * own by declaration merging, from its feature (src/features/pets/resource.ts), so any feature can join
 * another's table without declaring it again and without importing it:
 *
 * ```ts
 * declare module '../../core/database/types.js' {
 *   interface Tables { pets: TableOf<typeof pets.fields> }
 * }
 * ```
 *
 * A table that no declaration states (a test's, a hand-written feature's) is added where it is used:
 *
 * ```ts
 * type NotesTables = { notes: { id: Generated<string>; title: string } }; // a type, not an interface
 * const notes = app.db.withTables<NotesTables>();
 * await notes.selectFrom('notes').selectAll().where('id', '=', id).executeTakeFirst();
 * ```
 *
 * Type-only: importing it loads no database code.
 */
import type { Kysely } from 'kysely';
import type { StatementRunner } from './prepared.js';

/** Every declared table, by name; filled by declaration merging (see above). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- a declaration-merging target, empty here on purpose
export interface Tables {}

export type Database = Kysely<Tables>;

declare module 'fastify' {
  interface FastifyInstance {
    /** PostgreSQL through Kysely; decorated only when a registered feature has `usesDatabase: true`. */
    readonly db: Database;
    /** Named prepared statements on the same pool (prepared.ts): how the resource engine runs its SQL. */
    readonly statements: StatementRunner;
  }
}
