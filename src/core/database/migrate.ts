/**
 * Applies the features' migrations with Kysely's Migrator, which already gives two of the properties we
 * need: a PostgreSQL advisory lock (two replicas starting at once apply each migration once) and one
 * transaction around the pending migrations (a failing one leaves nothing half-applied). What it lacks,
 * checksums, is added here: each migration records the SHA-256 of its file in the same transaction, and
 * before anything runs every applied migration's file must still have that checksum.
 */
import { Migrator, sql, type Migration } from 'kysely';
import { MigrationError, type MigrationFile } from './migration-files.js';
import type { Database } from './types.js';

const MIGRATION_TABLE = 'petsage_migrations';
const CHECKSUM_TABLE = 'petsage_migration_checksums';
/** The migrator's own tables: the migration history, its lock and the checksums. */
export const MIGRATOR_TABLES: readonly string[] = [MIGRATION_TABLE, `${MIGRATION_TABLE}_lock`, CHECKSUM_TABLE];
const UNDEFINED_TABLE = '42P01';

// A type alias, not an interface: withTables<T>() needs T to be a plain record type.
type ChecksumTables = {
  petsage_migration_checksums: { name: string; sha256: string };
};

/** Applies the pending migrations in name order; resolves with the names applied now. */
export async function migrate(db: Database, files: readonly MigrationFile[]): Promise<string[]> {
  await verifyChecksums(db, files);
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => Object.fromEntries(files.map((file) => [file.name, migration(file)])) },
    migrationTableName: MIGRATION_TABLE,
    migrationLockTableName: `${MIGRATION_TABLE}_lock`,
    // A feature added later may sort before one already migrated; features' tables are independent.
    allowUnorderedMigrations: true,
  });
  const { error, results = [] } = await migrator.migrateToLatest();
  if (error !== undefined) {
    const failed = results.find((result) => result.status === 'Error');
    const message = error instanceof Error ? error.message : JSON.stringify(error);
    throw new MigrationError(
      failed ? `Migration ${failed.migrationName} failed: ${message}` : `Migrations failed: ${message}`,
    );
  }
  return results.map((result) => result.migrationName);
}

function migration(file: MigrationFile): Migration {
  return {
    async up(trx) {
      // Simple query protocol (no parameters): a file may hold several statements.
      await sql.raw(file.sql).execute(trx);
      await sql`create table if not exists ${sql.table(CHECKSUM_TABLE)} (name text primary key, sha256 text not null)`.execute(
        trx,
      );
      await trx
        .withTables<ChecksumTables>()
        .insertInto(CHECKSUM_TABLE)
        .values({ name: file.name, sha256: file.sha256 })
        .execute();
    },
  };
}

/** An applied migration whose file changed since is an error naming it: the database would not match the code. */
async function verifyChecksums(db: Database, files: readonly MigrationFile[]): Promise<void> {
  let applied: { name: string; sha256: string }[];
  try {
    applied = await db.withTables<ChecksumTables>().selectFrom(CHECKSUM_TABLE).select(['name', 'sha256']).execute();
  } catch (error) {
    if ((error as { code?: unknown }).code === UNDEFINED_TABLE) return;
    throw error;
  }
  const byName = new Map(files.map((file) => [file.name, file]));
  for (const { name, sha256 } of applied) {
    const file = byName.get(name);
    if (file && file.sha256 !== sha256) {
      throw new MigrationError(`Migration ${name} was edited after it was applied: add a new migration instead.`);
    }
  }
}
