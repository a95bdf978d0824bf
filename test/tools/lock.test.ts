/**
 * Writers take turns on a project: several real `npx petsage feature new` started at once all register
 * their feature, taking over a lock left by a dead process on the way; a lock held by a live process is
 * waited for, then refused in one line (exit 2) with nothing written.
 */
import { execFile, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCK_FILE } from '../../tools/cli/lock.js';
import { run } from '../../tools/cli/main.js';
import { registeredModules } from '../../tools/cli/registry.js';
import { REGISTRY_FILE } from '../../tools/cli/tree.js';
import { copyProject, removeProject } from '../../tools/project.js';
import { pausedWrite } from '../helpers/paused-write.js';
import { captureIo, hashTree } from '../helpers/project.js';

const execFileAsync = promisify(execFile);

let root: string;

beforeAll(() => {
  root = copyProject();
});

afterAll(() => {
  removeProject(root);
});

/** The pid of a process that has ended: a lock naming it is stale. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

function plantLock(pid: number, host = hostname()): string {
  const owner = { pid, host, startedAt: new Date().toISOString(), command: 'feature new planted', token: 'planted' };
  writeFileSync(join(root, LOCK_FILE), JSON.stringify(owner));
  return readFileSync(join(root, LOCK_FILE), 'utf8');
}

describe('the project lock', () => {
  it(
    'registers every feature when several `npx petsage feature new` run at once, past a stale lock',
    { timeout: 180_000 },
    async () => {
      plantLock(deadPid());
      const names = ['probe_many_a', 'probe_many_b', 'probe_many_c', 'probe_many_d', 'probe_many_e'];
      const results = await Promise.allSettled(
        names.map((name) =>
          execFileAsync('npx', ['--no', 'petsage', 'feature', 'new', name, '-d', `Concurrent ${name}`], {
            cwd: root,
            timeout: 150_000,
          }),
        ),
      );
      expect(results.map((result) => result.status)).toEqual(names.map(() => 'fulfilled'));
      const registered = registeredModules(readFileSync(join(root, REGISTRY_FILE), 'utf8')).map((ref) => ref.name);
      expect(registered).toEqual(expect.arrayContaining(names));
      expect(existsSync(join(root, LOCK_FILE))).toBe(false);
      const check = spawnSync(process.execPath, ['bin/petsage.js', 'feature', 'check'], {
        cwd: root,
        encoding: 'utf8',
      });
      expect(check.stderr).toBe('');
      expect(check.status).toBe(0);
    },
  );

  it(
    'plans a write only once the one before it has ended, so neither registration is lost',
    { timeout: 120_000 },
    async () => {
      // The first write is held just before its first rename, its plan made; the second starts meanwhile.
      const resume = join(root, 'probe-resume');
      const first = pausedWrite(root, ['feature', 'new', 'probe_first', '-d', 'First'], 1, resume);
      await first.paused;
      const second = pausedWrite(root, ['feature', 'new', 'probe_second', '-d', 'Second'], 0);
      // The first resumes once the second has ended, or after a while if the second is (rightly) waiting.
      await Promise.race([second.exited, sleep(3_000)]);
      writeFileSync(resume, '');
      const [one, two] = await Promise.all([first.exited, second.exited]);
      rmSync(resume);
      expect([one.code, two.code]).toEqual([0, 0]);
      const registered = registeredModules(readFileSync(join(root, REGISTRY_FILE), 'utf8')).map((ref) => ref.name);
      expect(registered).toEqual(expect.arrayContaining(['probe_first', 'probe_second']));
    },
  );

  it.each([
    ['a live process on this host', process.pid, hostname()],
    ['a process on another host', 1, 'another-host.example'],
  ])('waits for a lock held by %s, then refuses in one line with nothing written', async (_label, pid, host) => {
    const lock = plantLock(pid, host);
    const before = hashTree(root);
    const io = Object.assign(captureIo(root), { lockWaitMs: 300 });
    const code = await run(['feature', 'new', 'probe_locked', '-d', 'Locked out'], io);
    expect(io.err).toMatch(
      new RegExp(
        `^petsage: The project is locked by \`feature new planted\` \\(process ${pid} on ${host.replace(/\./g, '\\.')}, since [^)]+\\): waited 0\\.3 s; [^\\n]*${LOCK_FILE.replace('.', '\\.')}[^\\n]*\\n$`,
      ),
    );
    expect(code).toBe(2);
    expect(hashTree(root)).toEqual(before);
    expect(readFileSync(join(root, LOCK_FILE), 'utf8')).toBe(lock);
    rmSync(join(root, LOCK_FILE));
  });
});
