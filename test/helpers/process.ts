/** Runs the service entry point as a real child process: from source through tsx, or the build in dist/. */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { inject } from 'vitest';
import { TEST_CURSOR_SECRET } from './settings.js';

export const SERVER_ENTRY = ['--import', 'tsx', 'src/server.ts'];

export interface Exited {
  code: number | null;
  stdout: string;
  stderr: string;
}

export const BUILT_ENTRY = ['dist/server.js'];

/** Children still running: killed when the test process exits, so a test that fails midway leaks none. */
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/** Starts the service with `env`, over the run's shared test database (database-server.ts) unless `env` names one. */
export function startServer(env: Record<string, string>, entry = SERVER_ENTRY, cwd?: string): ChildProcess {
  const child = spawn(process.execPath, entry, {
    // A free metrics port unless a test names one: the default one would collide between parallel runs.
    env: { PATH: process.env.PATH ?? '', METRICS_PORT: '0', DATABASE_URL: inject('sharedDatabaseUrl'), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(cwd === undefined ? {} : { cwd }),
  });
  running.add(child);
  child.once('exit', () => running.delete(child));
  return child;
}

/**
 * An issuer for production starts of tests that call no protected route: production refuses to start
 * without one once a feature needs tokens. Nothing listens there, so a protected route would answer 401.
 */
export const UNUSED_ISSUER = 'http://127.0.0.1:9';

/** The production build (`npm run build` ran in the e2e global setup), as `npm start` runs it. */
export function startBuilt(env: Record<string, string>, cwd?: string): ChildProcess {
  return startServer(
    { NODE_ENV: 'production', AUTH_ISSUER: UNUSED_ISSUER, CURSOR_SECRET: TEST_CURSOR_SECRET, ...env },
    BUILT_ENTRY,
    cwd,
  );
}

/** A development start on the embedded database in the project's DATABASE_DIR (no DATABASE_URL). */
export const DEVELOPMENT = {
  NODE_ENV: 'development',
  DATABASE_URL: '',
  HOST: '127.0.0.1',
  PORT: '0',
  SHUTDOWN_DELAY_MS: '0',
  LOG_BUFFER_BYTES: '0',
};

/** Waits for the process to end (killing it after `timeoutMs`), with all it printed. */
export async function waitForExit(child: ChildProcess, timeoutMs = 15_000): Promise<Exited> {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const [code] = (await once(child, 'exit')) as [number | null];
  clearTimeout(timer);
  return { code, stdout, stderr };
}

/** Resolves with the URL the server logs once it listens (once `listeners` processes have, in cluster mode). */
export function listeningUrl(child: ChildProcess, timeoutMs = 15_000, listeners = 1): Promise<string> {
  return loggedUrl(child, /Server listening at (http:\/\/127\.0\.0\.1:\d+)/g, timeoutMs, listeners);
}

/** Resolves with the URL of the metrics port (METRICS_PORT), once the process logs that it listens there. */
export function metricsUrl(child: ChildProcess, timeoutMs = 15_000): Promise<string> {
  return loggedUrl(child, /Metrics listening at (http:\/\/127\.0\.0\.1:\d+)/g, timeoutMs, 1);
}

/** Resolves with the `occurrence`-th URL that `pattern` (global, one group) finds in the process's stdout. */
function loggedUrl(child: ChildProcess, pattern: RegExp, timeoutMs: number, occurrence: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => {
      reject(new Error(`server did not listen in time:\n${output}`));
    }, timeoutMs);
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = [...output.matchAll(pattern)][occurrence - 1];
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${String(code)} before listening:\n${output}`));
    });
  });
}
