/**
 * `petsage feature new --resource` on a temporary copy of the project: bad fields are refused in one line
 * naming the field, exit 2, the tree unchanged; a good resource is planned with its domain beside its
 * version, built, and passes `feature check`. (The CI round trip, .ci/builder-round-trip, runs a built
 * resource's own tests on a real database.)
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../tools/cli/main.js';
import { copyProject, removeProject } from '../../tools/project.js';
import { captureIo, expectRefused, hashTree } from '../helpers/project.js';

let root: string;

beforeAll(() => {
  root = copyProject();
  expect(existsSync(join(root, 'src/features/probe_visits'))).toBe(false);
});

afterAll(() => {
  removeProject(root);
});

const resource = (...fields: string[]) => ['new', 'probe_visits', '--resource', '-d', 'Visits', ...fields];

describe('resource refusals: exit 2, one line naming the field, nothing written', () => {
  const cases: [string, string[], RegExp, string?][] = [
    ['no field', resource(), /A resource needs at least one field/],
    ['an unknown type', resource('-f', 'weight:kilos'), /Field "weight": unknown type "kilos"/],
    ['a duplicate field', resource('-f', 'name:text', '-f', 'name:string:9'), /Field "name": given twice/],
    ['a reserved field', resource('-f', 'id:uuid'), /Field "id": reserved/],
    ['an owner field (the server sets it)', resource('-f', 'owner:text'), /Field "owner": reserved/],
    [
      'a reference to no resource',
      resource('-f', 'pet_id:ref:ghosts'),
      /Field "pet_id": refers to ghosts, which is not a resource/,
    ],
    [
      'a reference without its target',
      resource('-f', 'pet_id:ref'),
      /Field "pet_id": a reference needs the resource feature/,
    ],
    ['a timestamp field', resource('-f', 'updated_at:date-time'), /Field "updated_at": reserved/],
    ['an unsafe name', resource('-f', 'x;drop:text'), /Field "x;drop": not a safe SQL and JavaScript identifier/],
    ['a SQL reserved word', resource('-f', 'order:integer'), /Field "order": a reserved word of SQL/],
    ['a JavaScript reserved word', resource('-f', 'function:text'), /Field "function": a reserved word of JavaScript/],
    ['an enum without values', resource('-f', 'kind:enum'), /Field "kind": an enum needs at least one value/],
    ['contradicting bounds', resource('-f', 'age:integer:9..1'), /Field "age": bounds contradict/],
    ['a default of another type', resource('-f', 'age:integer:default=old'), /Field "age": default "old"/],
    ['fields without --resource', ['new', 'probe_visits', '-d', 'x', '-f', 'a:text'], /add --resource/],
    [
      'a bad field in a payload',
      ['new', '--payload', '-'],
      /Field "kind": an enum needs at least one value/,
      JSON.stringify({ feature: 'probe_visits', description: 'x', resource: { fields: { kind: { type: 'enum' } } } }),
    ],
    [
      'fields in a payload and in flags',
      ['new', '--payload', '-', '-f', 'a:text'],
      /either as --field flags or in the payload/,
      JSON.stringify({ feature: 'probe_visits', description: 'x', resource: { fields: { a: 'text' } } }),
    ],
  ];

  it.each(cases)('refuses %s', async (_label, args, message, stdin) => {
    await expectRefused(root, args, message, stdin);
  });
});

describe('building a resource', () => {
  const fields = [
    ...['-f', 'reason:string:200', '-f', 'code:string:20:unique', '-f', 'cost:number:0..:optional'],
    ...['-f', 'pet_id:ref:pets:cascade'],
  ];

  it('plans its domain beside its version on --dry-run, writing nothing', async () => {
    const before = hashTree(root);
    const io = captureIo(root);
    expect(await run(['feature', ...resource(...fields), '--dry-run'], io)).toBe(0);
    for (const file of [
      'src/features/probe_visits/resource.ts',
      'src/features/probe_visits/migrations/0001_create_table.sql',
      'src/features/probe_visits/v1/api.ts',
      'test/features/probe_visits/resource.test.ts',
      'test/features/probe_visits/v1/api.test.ts',
    ]) {
      expect(io.out).toContain(`  ${file}\n`);
    }
    expect(hashTree(root)).toEqual(before);
  });

  it('builds it with its scopes, and the tree passes feature check', { timeout: 60_000 }, async () => {
    const io = captureIo(root);
    const args = [...resource(...fields), '--read-scope', 'clinic:read', '--singular', 'probe_visit'];
    expect(await run(['feature', ...args], io)).toBe(0);
    expect(io.out).toContain('Serving GET, POST /v1/probe_visits/ and GET, PATCH, DELETE /v1/probe_visits/{id}');
    const api = readFileSync(join(root, 'src/features/probe_visits/v1/api.ts'), 'utf8');
    expect(api).toContain("scopes: { read: 'clinic:read', write: 'probe_visits:write' }");
    const typescript = ['resource.ts', 'v1/api.ts', 'v1/index.ts'].map((file) =>
      readFileSync(join(root, 'src/features/probe_visits', file), 'utf8'),
    );
    expect(typescript.join('').split('\n').length).toBeLessThanOrEqual(150);
    // Each bound and description is written once, in the declaration.
    for (const once of ['maxLength: 200,', 'maxLength: 20,', "The probe visit's reason."]) {
      expect(typescript.join('').split(once).length - 1).toBe(1);
    }
    const migration = readFileSync(join(root, 'src/features/probe_visits/migrations/0001_create_table.sql'), 'utf8');
    expect(migration).toContain('"code" varchar(20) NOT NULL UNIQUE');
    expect(migration).toContain('"cost" double precision CHECK ("cost" >= 0)');
    // Owned by default: an owner column the statements check, and no `shared` in the declaration.
    expect(migration).toContain('"owner" text,');
    expect(migration).toContain('ON "probe_visits" ("owner", "created_at", "id")');
    expect(typescript[0]).not.toContain('shared: true');
    expect(typescript[0]).toContain("pet_id: field.ref('pets', {");
    expect(migration).toContain('"pet_id" uuid NOT NULL REFERENCES "pets" ("id") ON DELETE CASCADE');

    const check = captureIo(root);
    expect(await run(['feature', 'check'], check)).toBe(0);
    expect(check.err).toBe('');
  });

  it('fails check when its structure breaks: a migration out of sequence, the domain tests gone', async () => {
    const before = hashTree(root);
    const migrations = join(root, 'src/features/probe_visits/migrations');
    const domainTest = join(root, 'test/features/probe_visits/resource.test.ts');
    renameSync(join(migrations, '0001_create_table.sql'), join(migrations, '0002_create_table.sql'));
    renameSync(domainTest, `${domainTest}.bak`);
    const io = captureIo(root);
    const code = await run(['feature', 'check'], io);
    renameSync(join(migrations, '0002_create_table.sql'), join(migrations, '0001_create_table.sql'));
    renameSync(`${domainTest}.bak`, domainTest);

    expect(code).toBe(1);
    expect(io.err).toContain(
      'src/features/probe_visits/migrations/0002_create_table.sql: numbered 0002, expected 0001',
    );
    expect(io.err).toContain('test/features/probe_visits/: no tests for its domain');
    expect(hashTree(root)).toEqual(before);
  });

  it('fails check when its contract breaks: an example, the README', () => {
    const before = hashTree(root);
    const edits: [string, string, string][] = [
      ['src/features/probe_visits/v1/README.md', '"Example reason"', '"Drifted"'],
      ['src/features/probe_visits/resource.ts', "'Example code'", "'An example code too long'"],
    ];
    const originals = edits.map(([path, from, to]) => {
      const original = readFileSync(join(root, path), 'utf8');
      writeFileSync(join(root, path), original.replace(from, to));
      return original;
    });
    // A process of its own: this one has cached the app's modules in the checks above.
    const result = spawnSync(process.execPath, ['bin/petsage.js', 'feature', 'check'], { cwd: root, encoding: 'utf8' });
    edits.forEach(([path], index) => {
      writeFileSync(join(root, path), originals[index] ?? '');
    });
    expect(hashTree(root)).toEqual(before);

    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      'GET /v1/probe_visits/{id} response 200: example does not match its schema: data/code must NOT have more than 20 characters',
    );
    expect(result.stderr).toContain(
      'src/features/probe_visits/v1/README.md: example starting { differs from every example of the OpenAPI document',
    );
  });
});
