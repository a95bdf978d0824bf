/**
 * Restart after a crash, on the embedded development database: a service killed with SIGKILL leaves its
 * PostgreSQL server running on the project's data directory; the next start stops that server and serves
 * within seconds. A stale lock file (its process gone, or its process id now another program's) is
 * removed; a server that another running service owns, or that cannot be stopped, is refused in one
 * line naming the process and the directory, exit 1, no stack trace. Real services (src/server.ts through
 * tsx) and real PostgreSQL servers throughout.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LEFTOVER_STOP_MS } from '../../src/core/database/leftover-server.js';
import { removeProject } from '../../tools/project.js';
import { copyProjectWithNotes } from '../helpers/database-project.js';
import { DEVELOPMENT, listeningUrl, SERVER_ENTRY, startServer, waitForExit, type Exited } from '../helpers/process.js';

const SERVES_WITHIN_MS = 15_000;

let root: string;
let dataDir: string;
const lockFile = () => join(dataDir, 'postmaster.pid');

/** The process id the data directory's lock file names. */
const lockingPid = () => Number(readFileSync(lockFile(), 'utf8').split('\n')[0]);

/** Whether the process runs (a zombie, which nobody may have reaped here, does not). */
function isRunning(pid: number): boolean {
  try {
    return !execFileSync('ps', ['-o', 'stat=', '-p', String(pid)], { encoding: 'utf8' })
      .trim()
      .startsWith('Z');
  } catch {
    return false;
  }
}

interface Service {
  child: ChildProcess;
  url: string;
  exited: Promise<Exited>;
  /** Milliseconds from the spawn to the first 200 of the smoke test. */
  startedInMs: number;
}

async function startService(): Promise<Service> {
  const started = Date.now();
  const child = startServer(DEVELOPMENT, SERVER_ENTRY, root);
  const exited = waitForExit(child, 120_000);
  const url = await listeningUrl(child, 60_000);
  expect((await fetch(`${url}/v1/smoke_test/`)).status).toBe(200);
  return { child, url, exited, startedInMs: Date.now() - started };
}

async function stopService({ child, exited }: Service): Promise<void> {
  child.kill('SIGTERM');
  const { code, stderr } = await exited;
  expect(stderr).toBe('');
  expect(code).toBe(0);
}

/** Kills the service with SIGKILL; its PostgreSQL server stays running; returns that server's process id. */
async function killService({ child, exited }: Service): Promise<number> {
  const postgres = lockingPid();
  child.kill('SIGKILL');
  await exited;
  expect(isRunning(postgres)).toBe(true);
  return postgres;
}

/** A start that must fail: its exit code and what it wrote on stderr. */
async function refusedStart(): Promise<Exited> {
  return waitForExit(startServer(DEVELOPMENT, SERVER_ENTRY, root), 60_000);
}

/** Asserts the note written earlier is still there (the data survived). */
async function expectNote(url: string, id: string): Promise<void> {
  const read = await fetch(`${url}/v1/notes/${id}`);
  expect(read.status).toBe(200);
  expect(await read.json()).toMatchObject({ id, title: 'survives a crash' });
}

let noteId: string;

beforeAll(async () => {
  root = await copyProjectWithNotes();
  dataDir = join(root, '.petsage/postgres');
  const service = await startService();
  const created = await fetch(`${service.url}/v1/notes/`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ title: 'survives a crash' }),
  });
  expect(created.status).toBe(201);
  noteId = ((await created.json()) as { id: string }).id;
  await stopService(service);
}, 120_000);

afterAll(() => {
  // A test that failed midway may have left a server (frozen, even) on the copy's data directory.
  try {
    const pid = lockingPid();
    process.kill(pid, 'SIGCONT');
    process.kill(pid, 'SIGINT');
  } catch {
    // No lock file, or its process is gone: nothing runs there.
  }
  removeProject(root);
});

describe('a restart after the service was killed with SIGKILL', () => {
  it(`stops the PostgreSQL server it left and serves again within ${SERVES_WITHIN_MS / 1000} s`, async () => {
    const leftover = await killService(await startService());
    const restarted = await startService();
    expect(restarted.startedInMs).toBeLessThan(SERVES_WITHIN_MS);
    expect(isRunning(leftover)).toBe(false);
    await expectNote(restarted.url, noteId);
    await stopService(restarted);
  }, 120_000);

  it('says in one line which process holds the directory when the server it left cannot be stopped', async () => {
    const leftover = await killService(await startService());
    // A frozen server takes no signal until it is thawed: the stop cannot finish in time.
    process.kill(leftover, 'SIGSTOP');
    try {
      const { code, stderr } = await refusedStart();
      expect(code).toBe(1);
      expect(stderr).toBe(
        `The embedded PostgreSQL's data directory ${dataDir} is locked by process ${leftover} (postgres): the server a previous run left, which did not stop within ${LEFTOVER_STOP_MS / 1000} s; stop it (kill ${leftover}), then start again.\n`,
      );
    } finally {
      process.kill(leftover, 'SIGCONT');
    }
    // Thawed, it takes the signal it was sent and stops; the next start serves.
    await stopService(await startService());
  }, 120_000);
});

describe('a stale lock file', () => {
  /** A process that has exited, so its id names nothing. */
  async function goneProcessId(): Promise<number> {
    const child = spawn('true');
    await once(child, 'exit');
    return child.pid ?? 0;
  }

  /** The lock file PostgreSQL writes, naming `pid`, as a server killed with the machine would leave it. */
  function writeLock(pid: number): void {
    writeFileSync(lockFile(), `${pid}\n${dataDir}\n1700000000\n5432\n\n127.0.0.1\n  0  0\nready   \n`);
  }

  it('is removed when its process is gone', async () => {
    writeLock(await goneProcessId());
    const service = await startService();
    await expectNote(service.url, noteId);
    await stopService(service);
  }, 120_000);

  it('is removed when its process id now belongs to another program, which is left alone', async () => {
    const other = spawn('sleep', ['60']);
    try {
      writeLock(other.pid ?? 0);
      await stopService(await startService());
      expect(other.exitCode).toBeNull();
      expect(isRunning(other.pid ?? 0)).toBe(true);
    } finally {
      other.kill();
    }
  }, 120_000);
});

describe('a server another running service owns', () => {
  it('is left alone: the second start says so in one line and exits 1; the first keeps serving', async () => {
    const first = await startService();
    const postgres = lockingPid();
    const { code, stderr } = await refusedStart();
    expect(code).toBe(1);
    expect(stderr).toMatch(
      new RegExp(
        `^The embedded PostgreSQL's data directory ${dataDir} is locked by process ${postgres} \\(postgres\\), the server of the running process ${first.child.pid ?? 0} \\(.*src/server\\.ts\\): stop that process first, or give this one a DATABASE_DIR of its own\\.\\n$`,
      ),
    );
    await expectNote(first.url, noteId);
    await stopService(first);
  }, 120_000);
});
