/**
 * Applies the features' migrations with Kysely's Migrator, which already gives two of the properties we
 * need: a PostgreSQL advisory lock (two replicas starting at once apply each migration once) and one
 * transaction around the pending migrations (a failing one leaves nothing half-applied). What it lacks,
 * checksums, is added here: each migration records the SHA-256 of its file in the same transaction, and
 * before anything runs every applied migration's file must still have that checksum.
 */
import type { Migration } from 'kysely';
import { kysely } from './kysely.js';
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

/**
 * Applies the pending migrations in the order of `files`; resolves with the names applied now. Kysely applies
 * pending migrations in name order, so when that order differs (a `ci_visits` that refers to `pets`, named
 * earlier), the files are applied in steps, one per feature in their order, each step under the lock.
 */
export async function migrate(db: Database, files: readonly MigrationFile[]): Promise<string[]> {
  await verifyChecksums(db, files);
  const names = files.map((file) => file.name);
  const inNameOrder = names.every((name, index) => index === 0 || (names[index - 1] ?? '') < name);
  const steps = inNameOrder ? [files.length] : stepEnds(files);
  const applied: string[] = [];
  for (const end of steps) applied.push(...(await migrateUpTo(db, files, end)));
  return applied;
}

/** Where each feature's files end, in the order of `files` (features as the prefix of a migration's name). */
function stepEnds(files: readonly MigrationFile[]): number[] {
  const featureOf = (file: MigrationFile | undefined) => file?.name.split('/')[0];
  return files.flatMap((file, index) => (featureOf(file) === featureOf(files[index + 1]) ? [] : [index + 1]));
}

/**
 * One run of Kysely's Migrator over the first `end` files, and those already applied, which it must see. The
 * applied ones are read before the run takes the lock: if another replica applies more in between, the run
 * finds an applied migration it was not given, and is repeated once with what is applied then.
 */
async function migrateUpTo(
  db: Database,
  files: readonly MigrationFile[],
  end: number,
  retry = true,
): Promise<string[]> {
  const applied = new Set(end === files.length ? [] : await appliedNames(db));
  const wanted = files.filter((file, index) => index < end || applied.has(file.name));
  const migrator = new (kysely().Migrator)({
    db,
    provider: { getMigrations: async () => Object.fromEntries(wanted.map((file) => [file.name, migration(file)])) },
    migrationTableName: MIGRATION_TABLE,
    migrationLockTableName: `${MIGRATION_TABLE}_lock`,
    // A feature added later may sort before one already migrated.
    allowUnorderedMigrations: true,
  });
  const { error, results = [] } = await migrator.migrateToLatest();
  if (error !== undefined) {
    const message = error instanceof Error ? error.message : JSON.stringify(error);
    if (retry && end < files.length && message.includes('previously executed migration')) {
      return migrateUpTo(db, files, end, false);
    }
    const failed = results.find((result) => result.status === 'Error');
    throw new MigrationError(
      failed ? `Migration ${failed.migrationName} failed: ${message}` : `Migrations failed: ${message}`,
    );
  }
  return results.map((result) => result.migrationName);
}

async function appliedNames(db: Database): Promise<string[]> {
  const { sql } = kysely();
  try {
    const rows = await sql<{ name: string }>`select name from ${sql.table(MIGRATION_TABLE)}`.execute(db);
    return rows.rows.map((row) => row.name);
  } catch (error) {
    if ((error as { code?: unknown }).code === UNDEFINED_TABLE) return [];
    throw error;
  }
}

function migration(file: MigrationFile): Migration {
  const { sql } = kysely();
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
