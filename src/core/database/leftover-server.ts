/**
 * The embedded PostgreSQL that a killed service left running. Its server process outlives a `kill -9` of
 * the service (or a crash, or an editor's restart) and keeps the data directory's lock file,
 * postmaster.pid, so a new server on that directory would refuse to start. Before one starts, the process
 * that the lock file names is looked at (POSIX `ps`):
 *
 * - gone, or a zombie: nothing runs there, and the stale lock file is removed;
 * - this directory's PostgreSQL server (`postgres -D <dir>`), orphaned: it is stopped (SIGINT, PostgreSQL's
 *   fast shutdown: a clean checkpoint, nothing lost that was committed) and waited for;
 * - this directory's server, still run by a Node.js process (a service or `petsage db migrate` running in
 *   the same project): refused, since stopping it would pull the database from under that process;
 * - another PostgreSQL process (another directory's, or one of its backends): refused, since it cannot
 *   be told apart from a server of this directory with certainty;
 * - any other program: the process id was reused (after a reboot), so the lock file is stale and removed.
 *
 * A refusal is one line naming the process and the directory (StartupError).
 */
import { execFile } from 'node:child_process';
import { readFileSync, realpathSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { StartupError } from '../../startup-error.js';

/** How long an orphaned server gets to shut down; well within Fastify's 10 s for the database plugin. */
export const LEFTOVER_STOP_MS = 5000;
const POLL_MS = 50;

interface ProcessInfo {
  readonly parentPid: number;
  /** `ps`'s state letters; a zombie's start with Z. */
  readonly state: string;
  /** The command line, as `ps` shows it. */
  readonly args: string;
}

const run = promisify(execFile);

/** The process, or undefined when there is none (ps finds nothing and exits 1). */
async function processInfo(pid: number): Promise<ProcessInfo | undefined> {
  try {
    const { stdout } = await run('ps', ['-o', 'ppid=', '-o', 'stat=', '-o', 'args=', '-p', String(pid)]);
    const match = /^\s*(\d+)\s+(\S+)\s+(.*)$/.exec(stdout.trim());
    return match ? { parentPid: Number(match[1]), state: match[2] ?? '', args: match[3] ?? '' } : undefined;
  } catch (error) {
    if ((error as { code?: unknown }).code === 1) return undefined;
    throw error;
  }
}

const isRunning = (info: ProcessInfo | undefined): info is ProcessInfo =>
  info !== undefined && !info.state.startsWith('Z');
const program = (args: string) => basename(args.split(' ')[0] ?? '');
const isPostgres = (args: string) => /^(postgres|postmaster)\b/.test(program(args));

/** Whether `args` run a server on `dataDir`, as the lock file's second line (the server's own -D) names it. */
function servesDirectory(args: string, lockedDir: string, dataDir: string): boolean {
  try {
    return args.includes(` -D ${lockedDir} `) && realpathSync(lockedDir) === realpathSync(dataDir);
  } catch {
    return false;
  }
}

/** Stops the server an earlier, killed service left on `dataDir`, or removes its stale lock file. */
export async function stopLeftoverServer(dataDir: string, log?: (line: string) => void): Promise<void> {
  const lockFile = join(dataDir, 'postmaster.pid');
  let lock: string;
  try {
    lock = readFileSync(lockFile, 'utf8');
  } catch {
    return;
  }
  const [pidLine = '', lockedDir = ''] = lock.split('\n');
  const pid = Number(pidLine);
  const refuse = (what: string, advice: string) =>
    new StartupError(`The embedded PostgreSQL's data directory ${dataDir} is locked by ${what}: ${advice}.`);
  const removeStaleLock = (why: string) => {
    rmSync(lockFile, { force: true });
    log?.(`embedded PostgreSQL: removed ${lockFile}: ${why}`);
  };
  if (!Number.isInteger(pid) || pid <= 0) {
    removeStaleLock('it names no process');
    return;
  }

  let info: ProcessInfo | undefined;
  try {
    info = await processInfo(pid);
  } catch (error) {
    throw refuse(
      `process ${pid}`,
      `it could not be checked (ps: ${(error as Error).message.split('\n')[0] ?? ''}); if no server runs there, remove ${lockFile}`,
    );
  }
  if (!isRunning(info)) {
    removeStaleLock(`its process ${pid} is gone`);
    return;
  }
  const name = `process ${pid} (${program(info.args)})`;
  if (!isPostgres(info.args)) {
    removeStaleLock(`its process id ${pid} now belongs to ${program(info.args)}`);
    return;
  }
  if (!servesDirectory(info.args, lockedDir, dataDir)) {
    throw refuse(
      name,
      `a PostgreSQL process that is not this directory's server; if no server runs there, remove ${lockFile}`,
    );
  }
  const parent = await processInfo(info.parentPid);
  if (isRunning(parent) && program(parent.args).startsWith('node')) {
    throw refuse(
      `${name}, the server of the running process ${info.parentPid} (${parent.args})`,
      'stop that process first, or give this one a DATABASE_DIR of its own',
    );
  }
  await stopOrphan(pid, name, refuse);
  log?.(`embedded PostgreSQL: stopped the server (process ${pid}) a previous run left on ${dataDir}`);
}

async function stopOrphan(pid: number, name: string, refuse: (what: string, advice: string) => StartupError) {
  try {
    process.kill(pid, 'SIGINT');
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ESRCH') return;
    throw refuse(
      name,
      `the server a previous run left, which this user may not stop; stop it (kill -INT ${pid} as its owner)`,
    );
  }
  const deadline = Date.now() + LEFTOVER_STOP_MS;
  while (Date.now() < deadline) {
    if (!isRunning(await processInfo(pid))) return;
    await sleep(POLL_MS);
  }
  throw refuse(
    name,
    `the server a previous run left, which did not stop within ${LEFTOVER_STOP_MS / 1000} s; stop it (kill ${pid}), then start again`,
  );
}
