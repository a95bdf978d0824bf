/**
 * `feature check` holds each resource's declaration against the table its migrations create (applied to a
 * scratch database on the run's PostgreSQL server, PETSAGE_CHECK_DATABASE_URL): a field without a column, a
 * column without a field and an optionality its column contradicts are named. And `feature field add` on a
 * resource not yet released: a required field with no default is accepted, its migration applies to an empty
 * table, and on a table with records PostgreSQL refuses it and the migrator applies nothing.
 */
import { appendFileSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../tools/cli/main.js';
import { copyProject, removeProject } from '../../tools/project.js';
import { createTestDatabase } from '../helpers/database.js';
import { captureIo, spawnPetsage } from '../helpers/project.js';

const MIGRATIONS = 'src/features/pets/migrations';

let root: string;

beforeAll(() => {
  root = copyProject();
});

afterAll(() => {
  removeProject(root);
});

/** `feature check` on the copy as it is now: its exit code and what it printed on stderr. */
function check(): { code: number | null; err: string } {
  const { code, stderr } = spawnPetsage(root, ['feature', 'check']);
  return { code, err: stderr };
}

async function add(name: string, field: string): Promise<string> {
  const io = captureIo(root);
  expect(await run(['feature', 'field', 'add', name, field], io), io.err).toBe(0);
  return io.out;
}

describe('feature field add on a resource not yet released', () => {
  const databases: Awaited<ReturnType<typeof createTestDatabase>>[] = [];
  afterAll(() => Promise.all(databases.map((database) => database.drop())));

  async function withRecord(): Promise<string> {
    const database = await createTestDatabase();
    databases.push(database);
    expect(spawnPetsage(root, ['db', 'migrate'], { DATABASE_URL: database.url }).code).toBe(0);
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    await client.query(
      `INSERT INTO ci_probes (id, created_at, updated_at, label) VALUES (gen_random_uuid(), now(), now(), 'x')`,
    );
    await client.end();
    return database.url;
  }

  it('adds a required field with no default, which only an empty table takes', { timeout: 150_000 }, async () => {
    const io = captureIo(root);
    // Named to sort before pets, which it refers to: its table is created after theirs all the same.
    const fields = ['-f', 'label:string:40', '-f', 'pet_id:ref:pets:optional'];
    const args = ['new', 'ci_probes', '--resource', '-d', 'Probes', ...fields];
    expect(await run(['feature', ...args], io), io.err).toBe(0);
    const filled = await withRecord();

    const out = await add('ci_probes', 'code:string:15');
    expect(out).toContain('required with no default, it can be added only while the table has no records');
    expect(out).toContain('Its tests send the fields ci_probes had: give them code (test/features/ci_probes/).');
    const migration = readFileSync(join(root, 'src/features/ci_probes/migrations/0002_add_code.sql'), 'utf8');
    expect(migration).toContain('ALTER TABLE "ci_probes" ADD COLUMN "code" varchar(15) NOT NULL;');
    // A reference added to a released resource: optional, with the index a new table's references get.
    await add('vet_visits', 'referred_by:ref:pets:optional');
    const reference = readFileSync(join(root, 'src/features/vet_visits/migrations/0002_add_referred_by.sql'), 'utf8');
    expect(reference).toContain('"referred_by" uuid REFERENCES "pets" ("id") ON DELETE RESTRICT;');
    expect(reference).toContain('CREATE INDEX "vet_visits_referred_by_idx" ON "vet_visits" ("referred_by");');
    // feature check applies every migration to an empty database: valid SQL, columns as declared. In this
    // process, whose own declarations are not the copy's, as the builder's tests run it.
    const checked = captureIo(root);
    expect(await run(['feature', 'check'], checked), checked.err).toBe(0);

    const refused = spawnPetsage(root, ['db', 'migrate'], { DATABASE_URL: filled });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(
      /^petsage: failed, nothing changed: Migration ci_probes\/0002_add_code failed: .*null values/,
    );
    const client = new pg.Client({ connectionString: filled });
    await client.connect();
    const { rows } = await client.query(`SELECT name FROM petsage_migrations WHERE name LIKE '%/0002_add_%'`);
    await client.end();
    expect(rows).toEqual([]);
  });
});

describe('feature check: the declaration against the columns its migrations create', () => {
  it('names a field whose migration was deleted', { timeout: 120_000 }, async () => {
    await add('pets', 'weight_kg:number:optional');
    renameSync(join(root, MIGRATIONS, '0003_add_weight_kg.sql'), join(root, 'deleted.sql'));
    try {
      const { code, err } = check();
      expect(code).toBe(1);
      expect(err).toContain(
        'src/features/pets/resource.ts: field weight_kg has no column in the table pets its migrations create',
      );
    } finally {
      renameSync(join(root, 'deleted.sql'), join(root, MIGRATIONS, '0003_add_weight_kg.sql'));
    }
  });

  it('names a column no field declares', { timeout: 120_000 }, async () => {
    writeFileSync(join(root, MIGRATIONS, '0004_add_chip.sql'), 'ALTER TABLE "pets" ADD COLUMN "chip" text;\n');
    const { code, err } = check();
    expect(code).toBe(1);
    expect(err).toContain(`${MIGRATIONS}/: column chip of the table pets has no field in resource.ts`);
    expect(err).not.toContain('weight_kg');
  });

  it('names an optional field whose column is NOT NULL', { timeout: 120_000 }, async () => {
    appendFileSync(
      join(root, MIGRATIONS, '0004_add_chip.sql'),
      'ALTER TABLE "pets" ALTER COLUMN "notes" SET NOT NULL;\n',
    );
    const { code, err } = check();
    expect(code).toBe(1);
    expect(err).toContain('src/features/pets/resource.ts: field notes is optional but its column is NOT NULL');
  });
});
