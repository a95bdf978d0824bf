/**
 * A write killed with SIGKILL at each of its renames leaves the tree consistent as a reader sees it (each
 * module and test folder whole or absent), `check` names what was left and the one command that cleans it,
 * and the next write command rolls it back, byte for byte, before doing its own work.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../tools/cli/main.js';
import { copyProject, removeProject } from '../../tools/project.js';
import { pausedWrite } from '../helpers/paused-write.js';
import { captureIo, hashTree } from '../helpers/project.js';

let root: string;

beforeAll(() => {
  root = copyProject();
});

afterAll(() => {
  removeProject(root);
});

/** Runs `petsage feature new <name>` as a real process, killed with SIGKILL once paused before rename `at`. */
async function killedAtRename(name: string, at: number): Promise<void> {
  const write = pausedWrite(root, ['feature', 'new', name, '-d', 'Killed midway'], at);
  await write.paused;
  write.child.kill('SIGKILL');
  expect((await write.exited).code).toBe(null);
}

/** Each folder of the feature is whole or absent: never a module with some of its files. */
function expectWholeOrAbsent(name: string): void {
  const module = join(root, `src/features/${name}`);
  const tests = join(root, `test/features/${name}`);
  if (existsSync(module)) {
    expect(readdirSync(join(module, 'v1')).sort()).toEqual([
      'README.md',
      'api.ts',
      'index.ts',
      'models.ts',
      'service.ts',
    ]);
  }
  if (existsSync(tests)) expect(readdirSync(join(tests, 'v1')).sort()).toEqual(['api.test.ts', 'service.test.ts']);
}

describe('a write killed midway', () => {
  // 1: the journal, 2: the test folder, 3: the module folder, 4: the registry.
  it.each([
    [
      1,
      'before its journal: nothing changed yet',
      /changed nothing: run `npx petsage feature sync` to remove it/,
      /^Removed \.petsage-staging-\w+\/, left by a write interrupted before it changed anything\.\n/,
    ],
    [
      2,
      'after its journal, before any folder',
      /left by an interrupted `feature new probe_kill_2` \(process \d+ is gone\)[^\n]*: run `npx petsage feature sync` to roll it back/,
      /^Rolled back an interrupted `feature new probe_kill_2`/,
    ],
    [
      3,
      'with its test folder in place',
      /interrupted `feature new probe_kill_3`[^\n]*roll it back/,
      /^Rolled back an interrupted `feature new probe_kill_3` \(process \d+, started [^)]+\): test\/features\/probe_kill_3, src\/features\/probe_kill_3, src\/features\/registry\.ts\.\n/,
    ],
    [
      4,
      'with both folders in place, before the registry',
      /interrupted `feature new probe_kill_4`[^\n]*roll it back/,
      /^Rolled back an interrupted `feature new probe_kill_4`/,
    ],
  ])(
    'at rename %i (%s) is named by check, then undone by the next write',
    { timeout: 120_000 },
    async (at, _label, named, undone) => {
      const name = `probe_kill_${at}`;
      const before = hashTree(root);
      await killedAtRename(name, at);
      expectWholeOrAbsent(name);

      const check = captureIo(root);
      expect(await run(['feature', 'check'], check)).toBe(1);
      expect(check.err).toMatch(new RegExp(`^\\.petsage-staging-\\w+/: [^\\n]*${named.source}`));

      const sync = captureIo(root);
      expect(await run(['feature', 'sync'], sync)).toBe(0);
      expect(sync.out).toMatch(undone);
      expect(hashTree(root)).toEqual(before);

      const again = captureIo(root);
      expect(await run(['feature', 'new', name, '-d', 'Killed midway'], again)).toBe(0);
      expect(again.out).toMatch(new RegExp(`^Created ${name} v1:`));
    },
  );

  it('moves nothing on a journal it did not write (a path outside the project), naming the folder to remove', async () => {
    const staging = join(root, '.petsage-staging-forged');
    mkdirSync(staging);
    const steps = [{ kind: 'create', target: '../outside', staged: '0' }];
    writeFileSync(
      join(staging, 'journal.json'),
      JSON.stringify({ command: 'x', pid: 1, host: 'h', startedAt: '', steps }),
    );
    const before = hashTree(root);
    const sync = captureIo(root);
    expect(await run(['feature', 'sync'], sync)).toBe(1);
    expect(sync.err).toBe(
      `petsage: failed, nothing changed: ${staging}/journal.json is not a journal this builder writes: remove that folder by hand\n`,
    );
    expect(hashTree(root)).toEqual(before);
    rmSync(staging, { recursive: true });
  });

  it('leaves a tree that passes check once every killed write was undone and redone', () => {
    const check = spawnSync(process.execPath, ['bin/petsage.js', 'feature', 'check'], { cwd: root, encoding: 'utf8' });
    expect(check.stderr).toBe('');
    expect(check.status).toBe(0);
  });
});
