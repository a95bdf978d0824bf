/**
 * Least privilege against a real PostgreSQL: migrations run as the database's owner, and the API's role,
 * granted by the migration command (DATABASE_API_ROLE), can read and write rows but not change the schema.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runMigrations } from '../../../src/core/database/run-migrations.js';
import { features } from '../../../src/features/registry.js';
import { createRoleDatabase, type RoleDatabase } from '../../helpers/database-roles.js';
import { testSettings } from '../../helpers/settings.js';

const quiet = { info: () => undefined, debug: () => undefined };
const INSUFFICIENT_PRIVILEGE = '42501';

let database: RoleDatabase;
let api: pg.Client;

async function open(): Promise<void> {
  database = await createRoleDatabase();
  api = new pg.Client({ connectionString: database.apiUrl });
  await api.connect();
}
async function close(): Promise<void> {
  await api.end();
  await database.drop();
}

/** Migrates as the owner, as the Deployment's init container does. */
function migrateAsOwner(env: Record<string, string> = { DATABASE_API_ROLE: database.apiRole }, root?: string) {
  return runMigrations(testSettings({ DATABASE_URL: database.ownerUrl, ...env }), features, quiet, root);
}

const refusal = (statement: string) =>
  api.query(statement).then(
    () => 'allowed',
    (error: unknown) => (error as pg.DatabaseError).code,
  );

describe('the API role after the migration command granted it', () => {
  beforeAll(async () => {
    await open();
    await migrateAsOwner();
  });
  afterAll(close);

  it('reads, inserts, updates and deletes rows', async () => {
    const id = randomUUID();
    await api.query(
      "insert into pets (id, created_at, updated_at, name, species) values ($1, now(), now(), 'Rex', 'dog')",
      [id],
    );
    await api.query("update pets set name = 'Max' where id = $1", [id]);
    expect((await api.query('select name from pets where id = $1', [id])).rows).toEqual([{ name: 'Max' }]);
    expect((await api.query('delete from pets where id = $1', [id])).rowCount).toBe(1);
  });

  it.each([
    'drop table pets',
    'alter table pets add column owner text',
    'truncate pets',
    'create index pets_name_idx on pets (name)',
    'create table intruder (id int)',
    'select * from petsage_migrations',
    'delete from petsage_migration_checksums',
  ])('is refused: %s', async (statement) => {
    expect(await refusal(statement)).toBe(INSUFFICIENT_PRIVILEGE);
  });
});

describe('the migration command', () => {
  beforeEach(open);
  afterEach(close);

  it('grants the API role nothing without DATABASE_API_ROLE', async () => {
    await migrateAsOwner({});
    expect(await refusal('select * from pets')).toBe(INSUFFICIENT_PRIVILEGE);
  });

  it('grants the tables a later migration adds, on the run that adds them', async () => {
    const root = mkdtempSync(join(tmpdir(), 'petsage-grants-'));
    try {
      mkdirSync(join(root, 'pets', 'migrations'), { recursive: true });
      writeFileSync(join(root, 'pets', 'migrations', '0001_first.sql'), 'create table first (id int);');
      await migrateAsOwner(undefined, root);
      writeFileSync(join(root, 'pets', 'migrations', '0002_second.sql'), 'create table second (id int);');
      await migrateAsOwner(undefined, root);
      expect(await refusal('insert into second values (1)')).toBe('allowed');
      expect(await refusal('drop table second')).toBe(INSUFFICIENT_PRIVILEGE);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('fails, naming the role, when DATABASE_API_ROLE does not exist', async () => {
    await expect(migrateAsOwner({ DATABASE_API_ROLE: 'petsage_nobody' })).rejects.toThrow(
      'role "petsage_nobody" does not exist',
    );
  });
});
