/**
 * `feature check`'s comparison of each resource's declaration (resource.ts) with the table its migrations
 * create, as PostgreSQL itself sees it: every feature's migrations are applied by the service's own
 * migrator to a scratch database (scratch-database.ts), and information_schema says which columns each
 * table has. A field without a column, a column without a field (besides the columns every record has)
 * and a field whose optionality disagrees with its column's nullability are each named, with the file to
 * fix. Reading the SQL ourselves would only guess at what PostgreSQL does with it.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { ResourceDeclaration } from '../../src/core/resource/declaration.js';
import { migrate } from '../../src/core/database/migrate.js';
import { MigrationError, readMigrationFiles } from '../../src/core/database/migration-files.js';
import type { Tables } from '../../src/core/database/types.js';
import type { Violation } from './check.js';
import { RECORD_COLUMNS } from './resource/migration.js';
import { withScratchDatabase } from './scratch-database.js';
import { FEATURES_DIR, RESOURCE_FILE } from './tree.js';

interface Declared {
  readonly name: string;
  readonly declaration: ResourceDeclaration;
}

interface Column {
  readonly table_name: string;
  readonly column_name: string;
  readonly is_nullable: 'YES' | 'NO';
}

const isDeclaration = (value: unknown): value is ResourceDeclaration =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as { table?: unknown }).table === 'string' &&
  typeof (value as { fields?: unknown }).fields === 'object';

const migrationsOf = (name: string): string => `${FEATURES_DIR}/${name}/migrations/`;

/**
 * Applies every resource's migrations to an empty database, in the order their references ask (from the
 * declarations read here, which are the project's own at `root`), and reads back the columns of their tables.
 */
async function migratedColumns(root: string, declared: readonly Declared[]): Promise<Column[]> {
  const refersTo = (feature: string): string[] =>
    Object.values(declared.find((resource) => resource.name === feature)?.declaration.fields ?? {}).flatMap(
      (field) => field.references?.table ?? [],
    );
  const names = declared.map((resource) => resource.name);
  const files = readMigrationFiles(names, join(root, FEATURES_DIR), refersTo);
  return withScratchDatabase(root, async (url) => {
    const pool = new pg.Pool({ connectionString: url, max: 1 });
    const db = new Kysely<Tables>({ dialect: new PostgresDialect({ pool }) });
    try {
      await migrate(db, files);
      const { rows } = await pool.query<Column>(
        'SELECT table_name, column_name, is_nullable FROM information_schema.columns WHERE table_schema = current_schema()',
      );
      return rows;
    } finally {
      await db.destroy();
    }
  });
}

function compare({ name, declaration }: Declared, columns: readonly Column[]): Violation[] {
  const resource = `${FEATURES_DIR}/${name}/${RESOURCE_FILE}`;
  const table = declaration.table;
  const own = new Map(columns.filter((c) => c.table_name === table).map((c) => [c.column_name, c]));
  if (own.size === 0) return [{ path: migrationsOf(name), problem: `no migration creates the table ${table}` }];
  const violations: Violation[] = [];
  for (const [field, { optional }] of Object.entries(declaration.fields)) {
    const column = own.get(field);
    if (column === undefined) {
      violations.push({
        path: resource,
        problem: `field ${field} has no column in the table ${table} its migrations create (\`npx petsage feature field add\` writes both)`,
      });
    } else if (optional !== (column.is_nullable === 'YES')) {
      violations.push({
        path: resource,
        problem: `field ${field} is ${optional ? 'optional' : 'required'} but its column ${optional ? 'is NOT NULL' : 'accepts NULL'}`,
      });
    }
  }
  const expected = new Set([...Object.keys(RECORD_COLUMNS), ...Object.keys(declaration.fields)]);
  for (const column of own.keys()) {
    if (!expected.has(column)) {
      violations.push({
        path: migrationsOf(name),
        problem: `column ${column} of the table ${table} has no field in ${RESOURCE_FILE}`,
      });
    }
  }
  return violations;
}

/** The violations of the resources among `names` (features with a resource.ts); none start no server. */
export async function columnViolations(root: string, names: readonly string[]): Promise<Violation[]> {
  const declared: Declared[] = [];
  const violations: Violation[] = [];
  for (const name of names) {
    const path = `${FEATURES_DIR}/${name}/${RESOURCE_FILE}`;
    if (!existsSync(join(root, path))) continue;
    const module = (await import(pathToFileURL(join(root, path)).href)) as Record<string, unknown>;
    const declaration = Object.values(module).find(isDeclaration);
    if (declaration === undefined) violations.push({ path, problem: 'exports no declaration (defineResource)' });
    else declared.push({ name, declaration });
  }
  if (declared.length === 0) return violations;
  let columns: Column[];
  try {
    columns = await migratedColumns(root, declared);
  } catch (error) {
    if (!(error instanceof MigrationError)) throw error;
    const feature = /Migration ([a-z0-9_]+)\//.exec(error.message)?.[1];
    return [
      ...violations,
      { path: feature === undefined ? FEATURES_DIR : migrationsOf(feature), problem: error.message },
    ];
  }
  return [...violations, ...declared.flatMap((resource) => compare(resource, columns))];
}
