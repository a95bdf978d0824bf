/**
 * Releasing, guarding, deprecating and versioning, end to end on one temporary copy of the project with a
 * scratch feature (fixtures/probe-pets.ts): refusals leave the tree unchanged; a release writes the
 * snapshot; `feature check` (a fresh process each time, as `npm test` runs it) fails on breaking changes
 * naming them, and passes additive ones; deprecation and `feature version` keep what they should.
 * Each rule of the comparison has its own test in contract/breaking.test.ts; these prove the wiring.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatFile } from '../../tools/cli/format.js';
import { run } from '../../tools/cli/main.js';
import { copyProject, removeProject } from '../../tools/project.js';
import { captureIo, hashTree } from '../helpers/project.js';
import { PROBE, writeProbeFeature } from './fixtures/probe-pets.js';

let root: string;
/** Each `petsage` process loads the app (about a second of CPU); a busy machine can make that several. */
const SPAWNING = { timeout: 120_000 };
const API = `src/features/${PROBE}/v1/api.ts`;
const MODELS = `src/features/${PROBE}/v1/models.ts`;

/** Runs the copy's own `bin/petsage.js` in a fresh process, so edited sources are loaded anew. */
function petsage(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, ['bin/petsage.js', 'feature', ...args], { cwd: root, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** `feature check` with texts replaced ([path, from, to] each) for the length of the call. */
function checkWith(...edits: (readonly [string, string, string])[]): ReturnType<typeof petsage> {
  const originals = new Map(edits.map(([path]) => [path, readFileSync(join(root, path), 'utf8')]));
  for (const [path, from, to] of edits) {
    const text = readFileSync(join(root, path), 'utf8');
    expect(text).toContain(from);
    writeFileSync(join(root, path), text.replace(from, to));
  }
  try {
    return petsage('check');
  } finally {
    for (const [path, text] of originals) writeFileSync(join(root, path), text);
  }
}

beforeAll(async () => {
  root = copyProject();
  expect(existsSync(join(root, `src/features/${PROBE}`))).toBe(false);
  writeProbeFeature(root);
  expect(await run(['feature', 'sync'], captureIo(root))).toBe(0);
});

afterAll(() => {
  removeProject(root);
});

describe('refusals: one line, exit 2, tree unchanged', () => {
  const cases: [string, string[], RegExp][] = [
    ['release of an unknown feature', ['release', 'nope', 'v1'], /Feature "nope" does not exist/],
    ['release of an unknown version', ['release', PROBE, 'v7'], /probe_pets has no version v7: it has v1\./],
    ['release of a version not written v<N>', ['release', PROBE, '1'], /Version "1" is not of the form v<N>/],
    ['release of a bad name', ['release', '../x', 'v1'], /is a path/],
    ['deprecation of the only version', ['deprecate', PROBE, 'v1'], /probe_pets v1 is its only version/],
    ['deprecation of an unknown feature', ['deprecate', 'nope', 'v1'], /Feature "nope" does not exist/],
    ['changelog of an unknown feature', ['changelog', 'nope'], /Feature "nope" does not exist/],
    ['a release without a version', ['release', PROBE], /missing required argument 'version'/],
    ['an update of a draft', ['release', PROBE, 'v1', '--update'], /probe_pets v1 is not released yet/],
  ];

  it.each(cases)('refuses %s', async (_label, args, message) => {
    const before = hashTree(root);
    const io = captureIo(root);
    expect(await run(['feature', ...args], io)).toBe(2);
    expect(io.err).toMatch(message);
    expect(io.err.trimEnd().split('\n')).toHaveLength(1);
    expect(io.out).toBe('');
    expect(hashTree(root)).toEqual(before);
  });

  it('refuses to release a draft that fails feature check, naming the first violation', SPAWNING, () => {
    const before = hashTree(root);
    const readme = `src/features/${PROBE}/v1/README.md`;
    const original = readFileSync(join(root, readme), 'utf8');
    writeFileSync(join(root, readme), original.replace('"status":"ok"', '"status":"drifted"'));
    const refused = petsage('release', PROBE, 'v1');
    writeFileSync(join(root, readme), original);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(
      /^petsage: probe_pets v1 cannot be released while `feature check` finds 1 violation\(s\), the first: src\/features\/probe_pets\/v1\/README.md: example starting .* differs from every example/,
    );
    expect(hashTree(root)).toEqual(before);
  });
});

describe('a released version', SPAWNING, () => {
  beforeAll(() => {
    const released = petsage('release', PROBE, 'v1');
    expect(released).toMatchObject({
      code: 0,
      stdout: `Released ${PROBE} v1: contracts/${PROBE}/v1.json, contracts/releases.json\n`,
    });
  });

  it('has a snapshot of its operations, with path parameters, body and security', () => {
    const snapshot = JSON.parse(readFileSync(join(root, `contracts/${PROBE}/v1.json`), 'utf8')) as {
      operations: Record<string, { parameters: { name: string }[]; security: unknown }>;
    };
    expect(Object.keys(snapshot.operations)).toEqual([`GET /${PROBE}/`, `HEAD /${PROBE}/`, `PATCH /${PROBE}/{id}`]);
    const patch = snapshot.operations[`PATCH /${PROBE}/{id}`];
    expect(patch?.parameters.map((p) => p.name)).toEqual(['if-match', 'id', 'expand', 'page']);
    expect(patch?.security).toEqual([{ bearerAuth: ['pets:write'] }]);
  });

  it('is recorded in contracts/releases.json beside the versions released before', () => {
    expect(JSON.parse(readFileSync(join(root, 'contracts/releases.json'), 'utf8'))).toMatchObject({
      [PROBE]: ['v1'],
      smoke_test: ['v1'],
    });
  });

  it('is listed as released, and cannot be released again', async () => {
    expect(petsage('list').stdout).toMatch(new RegExp(`${PROBE} +v1 +released +GET /v1/${PROBE}/`));
    const before = hashTree(root);
    const io = captureIo(root);
    expect(await run(['feature', 'release', PROBE, 'v1'], io)).toBe(2);
    expect(io.err).toMatch(/probe_pets v1 is already released \(contracts\/releases\.json\)/);
    expect(hashTree(root)).toEqual(before);
  });

  const probe = (what: string): string =>
    `src/features/${PROBE}/v1: ${PROBE} v1 breaks its released contract: PATCH /${PROBE}/{id}: ${what}`;
  // [label, file, from, to, the line the check prints]: made all at once, so one check process sees them all.
  const breaking: [string, string, string, string, string][] = [
    [
      'a removed response field',
      MODELS,
      '  name: Type.String(),\n  species',
      '  species',
      probe('response 200 application/json, field name: field removed'),
    ],
    [
      'a new required request parameter',
      API,
      "expand: Type.Optional(Type.Union([Type.Literal('owner'), Type.Literal('visits')]))",
      "expand: Type.Union([Type.Literal('owner'), Type.Literal('visits')])",
      probe('query parameter expand: parameter now required'),
    ],
    [
      'a narrowed request enum',
      MODELS,
      "species: Type.Optional(Type.Enum(['cat', 'dog']))",
      "species: Type.Optional(Type.Enum(['cat']))",
      probe('request body application/json, field species: enum narrowed: no longer accepts "dog"'),
    ],
    [
      'a changed security requirement',
      API,
      "bearerAuth: ['pets:write']",
      "bearerAuth: ['pets:admin']",
      probe('security: requirement changed'),
    ],
    [
      'a removed response maxLength',
      MODELS,
      "id: Type.String({ format: 'uuid', maxLength: 36 })",
      "id: Type.String({ format: 'uuid' })",
      probe('response 200 application/json, field id: maxLength loosened from 36 to none'),
    ],
    [
      "smoke_test's message without its maxLength",
      'src/features/smoke_test/v1/models.ts',
      '      maxLength: 300,\n',
      '',
      'src/features/smoke_test/v1: smoke_test v1 breaks its released contract: GET /smoke_test/: response 200 application/json, field message: maxLength loosened from 300 to none',
    ],
    [
      "a response header's schema changed",
      MODELS,
      'ETag: Type.String({ maxLength: 12 })',
      'ETag: Type.Integer()',
      probe('response 200 header etag: type changed from string to integer'),
    ],
    [
      'a multipleOf added to a request parameter',
      API,
      'page: Type.Optional(Type.Integer({ minimum: 1 }))',
      'page: Type.Optional(Type.Integer({ minimum: 1, multipleOf: 10 }))',
      probe('query parameter page: multipleOf narrowed from none to 10'),
    ],
  ];

  it('fails feature check on breaking changes, naming feature, version, operation and field of each', () => {
    const result = checkWith(...breaking.map(([, path, from, to]) => [path, from, to] as const));
    expect(result.code).toBe(1);
    const printed = result.stderr.split('\n');
    for (const [label, , , , line] of breaking) {
      expect(
        printed.some((text) => text.includes(line)),
        `${label}:\n${result.stderr}`,
      ).toBe(true);
    }
  });

  it('keeps a version whose snapshot was deleted released, and fails feature check naming the snapshot', async () => {
    const snapshot = join(root, `contracts/${PROBE}/v1.json`);
    const text = readFileSync(snapshot, 'utf8');
    rmSync(snapshot);
    try {
      expect(petsage('list').stdout).toMatch(new RegExp(`${PROBE} +v1 +released +GET /v1/${PROBE}/`));
      const result = checkWith([MODELS, '  name: Type.String(),\n  species', '  species']);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(
        `contracts/${PROBE}/v1.json: ${PROBE} v1 is released (contracts/releases.json) but its snapshot is missing: restore it from version control`,
      );
      for (const [args, message] of [
        [['release', PROBE, 'v1'], /probe_pets v1 is already released/],
        [['release', PROBE, 'v1', '--update'], /contracts\/probe_pets\/v1\.json is missing: restore it/],
      ] as const) {
        const io = captureIo(root);
        expect(await run(['feature', ...args], io)).toBe(2);
        expect(io.err).toMatch(message);
      }
      expect(existsSync(snapshot)).toBe(false);
    } finally {
      writeFileSync(snapshot, text);
    }
  });

  it('passes feature check on an additive change and on enums rewritten as Unions of Literals', () => {
    const union = "Type.Union([Type.Literal('cat'), Type.Literal('dog')])";
    const result = checkWith(
      [
        MODELS,
        '  name: Type.Optional(Type.String({ maxLength: 100 })),',
        '  name: Type.Optional(Type.String({ maxLength: 100 })),\n  colour: Type.Optional(Type.String()),',
      ],
      [MODELS, "species: Type.Enum(['cat', 'dog'])", `species: ${union}`],
      [MODELS, "species: Type.Optional(Type.Enum(['cat', 'dog']))", `species: Type.Optional(${union})`],
    );
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).not.toContain('species');
    expect(result.stdout).toContain(
      `${PROBE} v1: additive change to its released contract: PATCH /${PROBE}/{id}: request body application/json, field colour: new optional request field`,
    );
  });
});

describe('release --update', SPAWNING, () => {
  it('records what a released version gained, after which removing it again breaks', () => {
    const models = join(root, MODELS);
    const gained = readFileSync(models, 'utf8').replace(
      '  name: Type.String(),\n',
      '  name: Type.String(),\n  nickname: Type.Optional(Type.String()),\n',
    );
    writeFileSync(models, gained);
    const updated = petsage('release', PROBE, 'v1', '--update');
    expect(updated.code).toBe(0);
    expect(updated.stdout).toBe(
      `Updated ${PROBE} v1: contracts/${PROBE}/v1.json\n` +
        `  recorded: PATCH /${PROBE}/{id}: response 200 application/json, field nickname: new response field\n`,
    );

    const before = hashTree(root);
    expect(petsage('release', PROBE, 'v1', '--update')).toMatchObject({
      code: 0,
      stdout: `${PROBE} v1: contracts/${PROBE}/v1.json already records its contract; nothing written\n`,
    });
    expect(hashTree(root)).toEqual(before);

    const removed = checkWith([MODELS, '  nickname: Type.Optional(Type.String()),\n', '']);
    expect(removed.code).toBe(1);
    expect(removed.stderr).toContain(
      `PATCH /${PROBE}/{id}: response 200 application/json, field nickname: field removed`,
    );
  });
});

describe('deprecation, versioning and the changelog', SPAWNING, () => {
  beforeAll(() => {
    expect(petsage('version', PROBE).code).toBe(0);
  });

  it('copies v1 to v2 keeping deliberate text, and v2 starts as a draft', async () => {
    const readme = readFileSync(join(root, `src/features/${PROBE}/v2/README.md`), 'utf8');
    expect(readme).toMatch(/^# Feature: Probe Pets \(v2\)\n\nUnlike v1 of other features/);
    // Verbatim, as Prettier formats it (the builder formats what it writes).
    expect(readFileSync(join(root, `src/features/${PROBE}/v2/api.ts`), 'utf8')).toBe(
      await formatFile(root, API, readFileSync(join(root, API), 'utf8')),
    );
    expect(existsSync(join(root, `contracts/${PROBE}/v2.json`))).toBe(false);
  });

  it('refuses a sunset in the past or not a date, writing nothing', async () => {
    for (const [sunset, message] of [
      ['2020-01-01', /Sunset date 2020-01-01 is not in the future/],
      ['next year', /Sunset date "next year" is not a calendar day/],
      ['2099-02-30', /Sunset date "2099-02-30" is not a calendar day/],
    ] as const) {
      const before = hashTree(root);
      const io = captureIo(root);
      expect(await run(['feature', 'deprecate', PROBE, 'v1', '--sunset', sunset], io)).toBe(2);
      expect(io.err).toMatch(message);
      expect(hashTree(root)).toEqual(before);
    }
  });

  it('deprecates v1 with a sunset: declared in its index.ts, listed, and its contract still holds', async () => {
    const io = captureIo(root);
    expect(await run(['feature', 'deprecate', PROBE, 'v1', '--sunset', '2099-06-30'], io)).toBe(0);
    expect(readFileSync(join(root, `src/features/${PROBE}/v1/index.ts`), 'utf8')).toMatch(
      /deprecation: \{ since: '\d{4}-\d{2}-\d{2}', sunset: '2099-06-30' \}/,
    );
    expect(petsage('list').stdout).toMatch(new RegExp(`${PROBE} +v1 +released, deprecated \\(sunset 2099-06-30\\)`));
    expect(petsage('check').code).toBe(0);
  });

  it('keeps a cross-version import and deliberate text when v2 is copied to v3', () => {
    const models = join(root, `src/features/${PROBE}/v2/models.ts`);
    const withImport = `import { Pet as PetV1 } from '../v1/models.js';\n${readFileSync(models, 'utf8')}export const note = 'v2 keeps v1 pets';\nexport { PetV1 };\n`;
    writeFileSync(models, withImport);
    expect(petsage('version', PROBE).code).toBe(0);
    expect(readFileSync(join(root, `src/features/${PROBE}/v3/models.ts`), 'utf8')).toBe(withImport);
    expect(readFileSync(join(root, `test/features/${PROBE}/v3/api.test.ts`), 'utf8')).toContain(
      `from '../../../../src/features/${PROBE}/v3/index.js'`,
    );
  });

  it('prints the changelog: what each version added, changed and deprecated', () => {
    const result = petsage('changelog', PROBE);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      `${PROBE}\n  v1 (released): first version, 3 operation(s): GET /${PROBE}/, HEAD /${PROBE}/, PATCH /${PROBE}/{id}\n`,
    );
    expect(result.stdout).toMatch(/ {4}deprecated: the whole version, since \d{4}-\d{2}-\d{2}, sunset 2099-06-30\n/);
    expect(result.stdout).toContain('  v2 (draft) against v1:\n    no change to the contract\n');
  });
});
