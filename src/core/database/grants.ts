/**
 * Least privilege in the database: the service reads and writes rows, it never changes the schema. The
 * migrations run as the schema's owner; then the owner grants the service's role (DATABASE_API_ROLE)
 * SELECT, INSERT, UPDATE and DELETE on each table of the schema, and the use of its sequences. Nothing
 * more: that role owns nothing, so it cannot DROP, ALTER or TRUNCATE a table, and the migrator's own
 * tables (history, lock, checksums) stay out of its reach. Granting again is harmless, so every run
 * grants on every table, and a table added by a later migration gets its grant in the same run.
 */
import { kysely } from './kysely.js';
import { MIGRATOR_TABLES } from './migrate.js';
import type { Database } from './types.js';

/** Grants `role` row access to every table of the current schema but the migrator's; resolves with their names. */
export async function grantRowAccess(db: Database, role: string): Promise<string[]> {
  const { sql } = kysely();
  return db.transaction().execute(async (trx) => {
    const { rows } = await sql<{ schema: string; tables: string[] }>`
      select current_schema()::text as schema, array(
        select tablename::text from pg_catalog.pg_tables where schemaname = current_schema() order by 1) as tables`.execute(
      trx,
    );
    const { schema: name = 'public', tables: all = [] } = rows[0] ?? {};
    const tables = all.filter((table) => !MIGRATOR_TABLES.includes(table));
    const schema = sql.id(name);
    const grantee = sql.id(role);
    await sql`grant usage on schema ${schema} to ${grantee}`.execute(trx);
    if (tables.length > 0) {
      const names = sql.join(tables.map((table) => sql.id(name, table)));
      await sql`grant select, insert, update, delete on table ${names} to ${grantee}`.execute(trx);
    }
    await sql`grant usage, select on all sequences in schema ${schema} to ${grantee}`.execute(trx);
    return tables;
  });
}
