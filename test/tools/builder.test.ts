/**
 * The builder end to end, on one temporary copy of the project: refusals change nothing; a built feature
 * typechecks, lints and passes its own tests; the app serves it; a new version is served beside it; and
 * `check` catches a removed README or test folder.
 */
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../tools/cli/main.js';
import { copyProject, removeProject } from '../../tools/project.js';
import { captureIo, expectRefused, hashTree } from '../helpers/project.js';

const execFileAsync = promisify(execFile);

let root: string;

beforeAll(() => {
  root = copyProject();
  // The features these tests build must be new to the copy, whatever the project already holds.
  expect(existsSync(join(root, 'src/features/probe_visits'))).toBe(false);
  expect(existsSync(join(root, 'src/features/probe_notes'))).toBe(false);
});

afterAll(() => {
  removeProject(root);
});

/** Runs the real `bin/petsage.js` of the copy, as `npx petsage` would. */
function petsage(args: string[], input = ''): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, ['bin/petsage.js', ...args], { cwd: root, input, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Runs a command of the copy's toolchain; resolves with its output, rejects with it if it fails. */
async function tool(command: string, args: string[]): Promise<string> {
  const env = { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' };
  try {
    const { stdout } = await execFileAsync(join(root, 'node_modules/.bin', command), args, { cwd: root, env });
    return stdout;
  } catch (error) {
    const { stdout, stderr } = error as { stdout: string; stderr: string };
    throw new Error(`${command} ${args.join(' ')} failed:\n${stdout}\n${stderr}`);
  }
}

describe('refusals: exit 2, one line on stderr, nothing written', () => {
  const long = 'a'.repeat(65);
  const cases: [string, string[], RegExp, string?][] = [
    ['an upper-case name', ['new', 'VetVisits', '-d', 'x'], /"VetVisits" is not lower snake_case/],
    ['a kebab-case name', ['new', 'vet-visits', '-d', 'x'], /"vet-visits" is not lower snake_case/],
    ['a leading digit', ['new', '9lives', '-d', 'x'], /"9lives" is not lower snake_case/],
    ['an empty name', ['new', '', '-d', 'x'], /name is empty/],
    ['a name over 64 characters', ['new', long, '-d', 'x'], /65 characters long.*at most 64/],
    ['a relative path', ['new', '../x', '-d', 'x'], /"\.\.\/x" is a path/],
    ['a nested path', ['new', 'a/b', '-d', 'x'], /"a\/b" is a path/],
    ['an absolute path', ['new', '/tmp/x', '-d', 'x'], /"\/tmp\/x" is a path/],
    ['a reserved word', ['new', 'class', '-d', 'x'], /"class" is reserved \(a JavaScript reserved word\)/],
    ['the docs route', ['new', 'docs', '-d', 'x'], /"docs" is reserved \(a route the app serves itself\)/],
    ['the OpenAPI route', ['new', 'openapi.json', '-d', 'x'], /"openapi\.json" is reserved/],
    ['a probe route', ['new', 'livez', '-d', 'x'], /"livez" is reserved/],
    ['an existing feature', ['new', 'smoke_test', '-d', 'x'], /src\/features\/smoke_test already exists/],
    ['an empty description', ['new', 'pets', '-d', '  '], /description is empty/],
    ['no description', ['new', 'pets'], /No description given/],
    ['version of a missing feature', ['version', 'nope'], /"nope" does not exist/],
    ['version of a bad name', ['version', '../smoke_test'], /is a path/],
    ['a payload that is not JSON', ['new', '--payload', '-'], /not JSON/, '{"feature": '],
    ['a payload without description', ['new', '--payload', '-'], /lacks the key "description"/, '{"feature":"a"}'],
    ['a payload without feature', ['new', '--payload', '-'], /lacks the key "feature"/, '{"description":"a"}'],
    ['a missing payload file', ['new', '--payload', 'nope.json'], /Cannot read payload file nope\.json/],
    ['a payload and a name', ['new', 'a', '--payload', '-'], /not both/, '{}'],
    ['an unknown option', ['new', 'pets', '--force'], /unknown option '--force'/],
    ['an unknown command', ['frobnicate'], /unknown command 'frobnicate'/],
    ['a missing argument', ['version'], /missing required argument 'name'/],
  ];

  it.each(cases)('refuses %s', async (_label, args, message, stdin) => {
    await expectRefused(root, args, message, stdin);
  });

  it('exits 2 from the real executable too', () => {
    const before = hashTree(root);
    const result = petsage(['feature', 'new', 'Bad', '-d', 'x']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^petsage: Feature name "Bad" is not lower snake_case: expected [^\n]+\n$/);
    expect(hashTree(root)).toEqual(before);
  });
});

describe('building, versioning and checking features', () => {
  it('prints the plan and the registry change on --dry-run, writing nothing', async () => {
    const before = hashTree(root);
    const io = captureIo(root);
    expect(await run(['feature', 'new', 'probe_visits', '-d', 'Track veterinary visits', '--dry-run'], io)).toBe(0);
    expect(io.out).toContain('Would create probe_visits v1 (dry run, nothing written):');
    expect(io.out).toContain('  src/features/probe_visits/v1/models.ts\n');
    expect(io.out).toContain('  test/features/probe_visits/v1/api.test.ts\n');
    expect(io.out).toContain("  + import { feature as probe_visits_v1 } from './probe_visits/v1/index.js';");
    expect(hashTree(root)).toEqual(before);
  });

  it('builds a feature with the real executable', () => {
    const result = petsage(['feature', 'new', 'probe_visits', '--description', 'Track veterinary visits']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Created probe_visits v1:\n {2}src\/features\/probe_visits\/v1\/README\.md\n/);
  });

  it('builds a feature from a payload on stdin, with a summary and tag, and awkward quotes', async () => {
    const payload = { feature: 'probe_notes', description: `Keep an owner's "notes" \\ reminders`, tag: 'Owners' };
    const io = captureIo(root, JSON.stringify(payload));
    expect(await run(['feature', 'new', '--payload', '-', '--summary', 'Read owner notes'], io)).toBe(0);
  });

  it('versions a feature: v2 as a copy of v1 moved to its new number', async () => {
    const io = captureIo(root);
    expect(await run(['feature', 'version', 'probe_visits'], io)).toBe(0);
    expect(io.out).toContain('  src/features/probe_visits/v2/index.ts\n');
    expect(io.out).toContain('  test/features/probe_visits/v2/api.test.ts\n');
    const again = captureIo(root);
    expect(await run(['feature', 'version', 'probe_visits', '--dry-run'], again)).toBe(0);
    expect(again.out).toContain('Would create probe_visits v3');
  });

  it(
    'leaves code that typechecks, lints, is formatted and passes its generated tests',
    { timeout: 120_000 },
    async () => {
      const generated = ['probe_visits', 'probe_notes'].flatMap((name) => [
        `src/features/${name}`,
        `test/features/${name}`,
      ]);
      const [, , , tests] = await Promise.all([
        tool('tsc', ['-p', 'tsconfig.json']),
        tool('eslint', [...generated, 'src/features/registry.ts']),
        tool('prettier', ['--check', ...generated, 'src/features/registry.ts']),
        tool('vitest', ['run', ...generated.filter((path) => path.startsWith('test/')), '--reporter=dot']),
      ]);
      expect(tests).toMatch(/Test Files +6 passed/);
    },
  );

  it('serves both versions through createApp, each in its own OpenAPI document', () => {
    const script = join(root, 'request.ts');
    writeFileSync(
      script,
      `import { createApp } from './src/app.ts';
import { loadSettings } from './src/config.ts';
// Production settings with URLs nothing is asked of: features that use a database or need tokens need no server for these requests.
const app = createApp(loadSettings({ LOG_LEVEL: 'silent', NODE_ENV: 'production', DATABASE_URL: 'postgres://unused.invalid/none', AUTH_ISSUER: 'http://127.0.0.1:9', CURSOR_SECRET: 'no cursor is signed by this script, only routes' }));
const get = async (url: string) => { const r = await app.inject(url); return { status: r.statusCode, type: r.headers['content-type'], body: r.json() }; };
const out = { v1: await get('/v1/probe_visits/'), v2: await get('/v2/probe_visits/'), notes: await get('/v1/probe_notes/'),
  doc1: (await get('/v1/openapi.json')).body.paths, doc2: await get('/v2/openapi.json') };
console.log(JSON.stringify(out));
await app.close();
`,
    );
    const stdout = execFileSync(process.execPath, ['--import', 'tsx', script], { cwd: root, encoding: 'utf8' });
    const out = JSON.parse(stdout) as Record<string, { status: number; type: string; body: unknown }> & {
      doc1: Record<string, { get: { tags: string[]; summary: string; security?: unknown[] } }>;
      doc2: { body: { paths: Record<string, { get: { tags: string[]; description: string } }> } };
    };
    const body = { status: 'ok', feature: 'probe_visits', message: 'Track veterinary visits' };
    expect(out.v1).toEqual({ status: 200, type: 'application/json', body });
    expect(out.v2).toEqual({ status: 200, type: 'application/json', body });
    expect(out.notes?.body).toEqual({
      status: 'ok',
      feature: 'probe_notes',
      message: `Keep an owner's "notes" \\ reminders`,
    });
    expect(Object.keys(out.doc1)).toEqual(
      expect.arrayContaining(['/v1/probe_notes/', '/v1/smoke_test/', '/v1/probe_visits/']),
    );
    // The payload's tag and the --summary flag reach the OpenAPI operation; the default summary otherwise.
    // A plain feature is public and says so (`security: []`), as the OpenAPI lint requires of every operation.
    expect(out.doc1['/v1/probe_notes/']?.get).toMatchObject({ tags: ['Owners'], summary: 'Read owner notes' });
    expect(out.doc1['/v1/probe_visits/']?.get).toMatchObject({
      tags: ['Probe Visits'],
      summary: 'Get the Probe Visits status',
      security: [],
    });
    expect(Object.keys(out.doc2.body.paths)).toContain('/v2/probe_visits/');
    expect(Object.keys(out.doc2.body.paths)).not.toContain('/v2/probe_notes/');
    expect(out.doc2.body.paths['/v2/probe_visits/']?.get).toMatchObject({
      tags: ['Probe Visits'],
      description: 'Track veterinary visits',
    });
  });

  it('lists every feature version with its status and endpoints, as a table and as JSON', () => {
    const table = petsage(['feature', 'list']);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/^FEATURE +VERSION +STATUS +ENDPOINTS\n/);
    expect(table.stdout).toMatch(/probe_visits +v2 +draft +GET \/v2\/probe_visits\//);
    const json = petsage(['feature', 'list', '--json']);
    expect(JSON.parse(json.stdout)).toContainEqual({
      feature: 'probe_notes',
      version: 1,
      released: false,
      endpoints: ['GET /v1/probe_notes/', 'HEAD /v1/probe_notes/'],
    });
  });

  it('passes check on the built tree, and names the path when a README or test folder is removed', () => {
    expect(petsage(['feature', 'check'])).toMatchObject({ code: 0, stderr: '' });

    const readme = join(root, 'src/features/probe_visits/v2/README.md');
    const tests = join(root, 'test/features/probe_notes/v1');
    renameSync(readme, `${readme}.bak`);
    renameSync(tests, `${tests}.bak`);
    const broken = petsage(['feature', 'check']);
    renameSync(`${readme}.bak`, readme);
    renameSync(`${tests}.bak`, tests);

    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain('src/features/probe_visits/v2/README.md: missing\n');
    expect(broken.stderr).toContain('test/features/probe_notes/v1/: no tests for this version');
  });

  it('fails check when a README example drifts from the examples of the OpenAPI document', () => {
    const readme = join(root, 'src/features/probe_visits/v1/README.md');
    const before = hashTree(root).get('src/features/probe_visits/v1/README.md');
    const original = readFileSync(readme, 'utf8');
    writeFileSync(readme, original.replace('"Track veterinary visits"', '"Something else"'));
    const drifted = petsage(['feature', 'check']);
    writeFileSync(readme, original);
    expect(drifted.code).toBe(1);
    expect(drifted.stderr).toContain(
      'src/features/probe_visits/v1/README.md: example starting { differs from every example of the OpenAPI document',
    );
    expect(hashTree(root).get('src/features/probe_visits/v1/README.md')).toBe(before);
  });
});
