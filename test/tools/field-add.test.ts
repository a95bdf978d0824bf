/**
 * `petsage feature field add` on a temporary copy of the project, on the run's real PostgreSQL server: the
 * issue's flow on the released pets (a record stored before reads the field as null, a new one stores it,
 * the served OpenAPI shows it, its released contract records the addition and `feature check` passes),
 * and every refusal: exit 2, one line, the tree byte for byte as it was.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { createApp as CreateApp } from '../../src/app.js';
import { run } from '../../tools/cli/main.js';
import { copyProject, removeProject } from '../../tools/project.js';
import { asCaller, useTestIssuer } from '../helpers/auth.js';
import { createTestDatabase } from '../helpers/database.js';
import { captureIo, expectRefused, spawnPetsage } from '../helpers/project.js';

const OLD_PET = '6f1c2a9e-3b4d-4e5f-8a7b-1c2d3e4f5a6b';
const OWNER = 'user-1';

let root: string;
let database: Awaited<ReturnType<typeof createTestDatabase>>;
const issuer = useTestIssuer();

beforeAll(async () => {
  root = copyProject();
  database = await createTestDatabase();
  // The tree as released: its tables, and a pet stored before the field exists.
  expect(spawnPetsage(root, ['db', 'migrate'], { DATABASE_URL: database.url }).code).toBe(0);
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  await client.query(
    `INSERT INTO pets (id, owner, created_at, updated_at, name, species) VALUES ($1, $2, now(), now(), 'Old', 'cat')`,
    [OLD_PET, OWNER],
  );
  await client.end();
}, 60_000);

afterAll(async () => {
  await database.drop();
  removeProject(root);
});

describe('feature field add on a released resource', () => {
  let app: FastifyInstance | undefined;

  afterAll(() => app?.close());

  it('adds an optional field: the declaration, the README and the next migration', async () => {
    const io = captureIo(root);
    expect(await run(['feature', 'field', 'add', 'pets', 'weight_kg:number:optional'], io)).toBe(0);
    expect(io.err).toBe('');
    expect(io.out).toContain('  src/features/pets/migrations/0003_add_weight_kg.sql\n');
    expect(io.out).toContain('existing records read it as null');
    expect(io.out).toContain('  contracts/pets/v1.json\n');
    expect(io.out).toContain('pets v1 is released: its contract records the field, an additive change.');
    const migration = readFileSync(join(root, 'src/features/pets/migrations/0003_add_weight_kg.sql'), 'utf8');
    expect(migration).toContain('ALTER TABLE "pets" ADD COLUMN "weight_kg" double precision;');
    const declaration = readFileSync(join(root, 'src/features/pets/resource.ts'), 'utf8');
    expect(declaration).toContain('weight_kg: field.number({ optional: true,');
    const readme = readFileSync(join(root, 'src/features/pets/v1/README.md'), 'utf8');
    expect(readme).toMatch(/\| `weight_kg` +\| number +\| optional/);
    expect(readme.split('"weight_kg": 1.5').length - 1).toBe(2);
  });

  it('serves it from the migrated tree: null for the old record, stored for a new one, in the OpenAPI', async () => {
    const { createApp } = (await import(pathToFileURL(join(root, 'src/app.ts')).href)) as {
      createApp: typeof CreateApp;
    };
    // NODE_ENV=test: the app applies the pending migration (0003) at start-up.
    const settings = database.settings(issuer.settings({ RATE_LIMIT_READ_MAX: '0', RATE_LIMIT_WRITE_MAX: '0' }));
    const served = createApp(settings);
    app = served;
    await served.ready();
    const caller = asCaller(served, await issuer.token({ subject: OWNER, scope: 'pets:read pets:write' }));

    const old = await caller.inject(`/v1/pets/${OLD_PET}`);
    expect(old.statusCode, old.body).toBe(200);
    expect(old.json()).toMatchObject({ name: 'Old', weight_kg: null });

    const created = await caller.inject({
      method: 'POST',
      url: '/v1/pets/',
      payload: { name: 'Rex', species: 'dog', weight_kg: 4.2 },
    });
    expect(created.statusCode, created.body).toBe(201);
    const read = await caller.inject(`/v1/pets/${created.json<{ id: string }>().id}`);
    expect(read.json()).toMatchObject({ name: 'Rex', weight_kg: 4.2 });

    const document = (await served.inject('/v1/openapi.json')).json<{
      components: { schemas: Record<string, { properties: Record<string, unknown> }> };
    }>();
    expect(document.components.schemas.Pet?.properties.weight_kg).toBeDefined();
  });

  it('leaves the released contract recorded as served: feature check passes, release --update has nothing to add', async () => {
    expect(readFileSync(join(root, 'contracts/pets/v1.json'), 'utf8')).toContain('"weight_kg"');
    const check = captureIo(root);
    expect(await run(['feature', 'check'], check), check.err).toBe(0);
    expect(check.out).not.toContain('additive change');
    const update = captureIo(root);
    expect(await run(['feature', 'release', '--update', 'pets', 'v1'], update), update.err).toBe(0);
    expect(update.out).toContain('already records its contract; nothing written');
  });
});

describe('feature field add refusals: exit 2, one line, the tree unchanged', () => {
  const add = (...args: string[]) => ['field', 'add', ...args];
  const cases: [string, string[], RegExp][] = [
    [
      'a required field with no default on released pets',
      add('pets', 'microchip:string:15'),
      /Field "microchip": pets v1 is released and this field is required with no default/,
    ],
    [
      'a unique field with a default on released pets',
      add('pets', 'tag:string:20:unique:default=none'),
      /Field "tag": pets v1 is released and this field is unique with a default/,
    ],
    ['a field pets has already', add('pets', 'name:text:optional'), /Field "name": pets has this field already/],
    ['a bad field', add('pets', 'weight:kilos'), /Field "weight": unknown type "kilos"/],
    ['the owner, a column every record has', add('pets', 'owner:text:optional'), /Field "owner": reserved/],
    [
      'a reference to no resource',
      add('vet_visits', 'clinic_id:ref:clinics:optional'),
      /Field "clinic_id": refers to clinics, which is not a resource/,
    ],
    ['an unknown feature', add('ghosts', 'weight_kg:number:optional'), /Feature "ghosts" does not exist/],
    [
      'a feature that is not a resource',
      add('smoke_test', 'weight_kg:number:optional'),
      /smoke_test is not a resource/,
    ],
  ];

  it.each(cases)('refuses %s', async (_label, args, message) => {
    await expectRefused(root, args, message);
  });
});
