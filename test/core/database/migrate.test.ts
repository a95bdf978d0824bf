/** The migrator against a real PostgreSQL server: order, once, checksums, one transaction, the lock. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDatabaseClient, type DatabaseClient } from '../../../src/core/database/client.js';
import { migrate } from '../../../src/core/database/migrate.js';
import { creationOrder, MigrationError, readMigrationFiles } from '../../../src/core/database/migration-files.js';
import { createTestDatabase } from '../../helpers/database.js';

let root: string;
let database: Awaited<ReturnType<typeof createTestDatabase>>;
const clients: DatabaseClient[] = [];

function client(): DatabaseClient {
  const created = createDatabaseClient(database.settings());
  clients.push(created);
  return created;
}

function write(feature: string, file: string, text: string): void {
  mkdirSync(join(root, feature, 'migrations'), { recursive: true });
  writeFileSync(join(root, feature, 'migrations', file), text);
}

async function tables(): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`
    select table_name as name from information_schema.tables
    where table_schema = 'public' and table_name not like 'petsage_%' order by 1`.execute(client().db);
  return rows.map((row) => row.name);
}

beforeEach(async () => {
  root = mkdtempSync(join(tmpdir(), 'petsage-migrations-'));
  database = await createTestDatabase();
});

afterEach(async () => {
  await Promise.all(clients.splice(0).map((created) => created.close()));
  await database.drop();
  rmSync(root, { recursive: true, force: true });
});

describe('migrate', () => {
  it('applies each feature’s files in order, each once', async () => {
    write('pets', '0001_create_pets.sql', 'create table pets (id int primary key);');
    write('pets', '0002_add_name.sql', 'alter table pets add column name text; create index pets_name on pets (name);');
    write('visits', '0001_create_visits.sql', 'create table visits (id int primary key);');
    const { db } = client();

    expect(await migrate(db, readMigrationFiles(['pets', 'visits'], root))).toEqual([
      'pets/0001_create_pets',
      'pets/0002_add_name',
      'visits/0001_create_visits',
    ]);
    expect(await migrate(db, readMigrationFiles(['pets', 'visits'], root))).toEqual([]);
    expect(await tables()).toEqual(['pets', 'visits']);
  });

  it('applies a feature added later even when its name sorts before applied ones', async () => {
    write('pets', '0001_create_pets.sql', 'create table pets (id int primary key);');
    const { db } = client();
    await migrate(db, readMigrationFiles(['pets'], root));
    write('appointments', '0001_create_appointments.sql', 'create table appointments (id int primary key);');

    expect(await migrate(db, readMigrationFiles(['pets', 'appointments'], root))).toEqual([
      'appointments/0001_create_appointments',
    ]);
  });

  it('refuses to run when an applied migration was edited, naming it', async () => {
    write('pets', '0001_create_pets.sql', 'create table pets (id int primary key);');
    const { db } = client();
    await migrate(db, readMigrationFiles(['pets'], root));
    write('pets', '0001_create_pets.sql', 'create table pets (id bigint primary key);');
    write('pets', '0002_more.sql', 'create table more_pets (id int);');

    const run = migrate(db, readMigrationFiles(['pets'], root));
    await expect(run).rejects.toThrow(MigrationError);
    await expect(run).rejects.toThrow(
      'Migration pets/0001_create_pets was edited after it was applied: add a new migration instead.',
    );
    expect(await tables()).toEqual(['pets']);
  });

  it('leaves nothing half-applied when a migration fails, and names it', async () => {
    write('pets', '0001_create_pets.sql', 'create table pets (id int primary key);');
    write('pets', '0002_broken.sql', 'create table owners (id int); alter table nowhere add column x int;');

    await expect(migrate(client().db, readMigrationFiles(['pets'], root))).rejects.toThrow(
      /^Migration pets\/0002_broken failed: relation "nowhere" does not exist$/,
    );
    // All pending migrations run in one transaction: neither the failed one nor the one before it stays.
    expect(await tables()).toEqual([]);
  });

  it('applies each migration once when several replicas migrate at the same moment', async () => {
    write('pets', '0001_create_pets.sql', 'create table pets (id int primary key); select pg_sleep(0.2);');
    write('pets', '0002_seed.sql', 'insert into pets values (1);');
    const files = readMigrationFiles(['pets'], root);

    const applied = await Promise.all([1, 2, 3].map(() => migrate(client().db, files)));

    expect(applied.flat().sort()).toEqual(['pets/0001_create_pets', 'pets/0002_seed']);
    const { rows } = await sql<{ count: string }>`select count(*) as count from pets`.execute(client().db);
    expect(rows[0]?.count).toBe('1');
  });
});

describe('migrate, in the order of its files', () => {
  it('creates a referenced table first, though its name sorts later', async () => {
    write('pets', '0001_create_pets.sql', 'create table pets (id int primary key);');
    write('a_visits', '0001_create_a_visits.sql', 'create table a_visits (pet int references pets (id));');
    const files = [...readMigrationFiles(['pets'], root), ...readMigrationFiles(['a_visits'], root)];
    expect(await migrate(client().db, files)).toEqual(['pets/0001_create_pets', 'a_visits/0001_create_a_visits']);
  });
});

describe('readMigrationFiles', () => {
  it('refuses a file in a migrations folder that is not named NNNN_<slug>.sql, naming it', () => {
    write('pets', '1_create.sql', 'select 1;');
    expect(() => readMigrationFiles(['pets'], root)).toThrow(
      `${root}/pets/migrations/1_create.sql: expected a migration named NNNN_<slug>.sql (e.g. 0001_create_pets.sql).`,
    );
  });

  it('gives a feature without a migrations folder no migrations', () => {
    mkdirSync(join(root, 'plain'));
    expect(readMigrationFiles(['plain'], root)).toEqual([]);
  });
});

describe('creationOrder', () => {
  const refersTo = (feature: string): string[] => ({ a_visits: ['pets'], b_notes: ['a_visits'] })[feature] ?? [];

  it('puts a feature after the features its table refers to, and the rest by name', () => {
    expect(creationOrder(['pets', 'b_notes', 'a_visits', 'smoke'], refersTo)).toEqual([
      'pets',
      'a_visits',
      'b_notes',
      'smoke',
    ]);
  });

  it('leaves out referenced features that are not migrated, and ends on a cycle', () => {
    expect(creationOrder(['a_visits'], refersTo)).toEqual(['a_visits']);
    expect(creationOrder(['x', 'y'], (feature) => (feature === 'x' ? ['y'] : ['x']))).toEqual(['y', 'x']);
  });
});
