/**
 * The three things under load: the service as deployed (`node dist/server.js`, production settings,
 * logs to /dev/null) and the two baselines, each its own process on a free 127.0.0.1 port.
 */
import { execFile, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { UNUSED_ISSUER } from '../../test/helpers/process.js';
import type { LoadOptions } from './load.js';
import { startListening, type Listening } from './listening.js';
import { builtBaseline } from './baselines.js';
import { start } from './processes.js';
import { SMOKE_PATH } from './startup.js';

const run = promisify(execFile);

export type TargetName =
  | 'bare'
  | 'naive'
  | 'service'
  | 'cluster'
  | 'unauthenticated'
  | 'authenticated'
  | 'untraced'
  | 'traced'
  | 'owner'
  | 'admin'
  | 'unlimited'
  | 'limited'
  | 'refused';

/** The run's PostgreSQL (database.ts): every service and the database baseline point at it. */
let databaseUrl: string | undefined;
export function useDatabase(url: string): void {
  databaseUrl = url;
}

export interface Target {
  name: TargetName;
  child: ChildProcess;
  port: number;
  /** The service's metrics port (METRICS_PORT); the baselines have none. */
  metricsPort?: number;
  url: string;
  /** Spawn to first 200, in ms. */
  startupMs: number;
  /** A method and body other than GET's, for the load. */
  request?: LoadOptions;
}

export interface ServiceOptions {
  /** The project root holding dist/ (a feature-count copy, or the project itself). */
  cwd: string;
  workers?: number;
  /** Where the service's stdout goes: 'ignore' (/dev/null) or an open file descriptor. */
  stdout?: 'ignore' | number;
  /** Settings on top of serviceEnv's (an issuer to trust). */
  env?: Record<string, string>;
}

export function serviceEnv(
  port: number,
  { metricsPort, workers }: { metricsPort?: number; workers?: number } = {},
): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH ?? '',
    HOST: '127.0.0.1',
    PORT: String(port),
    LOG_LEVEL: 'info',
    NODE_ENV: 'production',
    // Production demands a cursor key; the benchmark follows no cursor across restarts.
    CURSOR_SECRET: 'the benchmark service, not for any real one',
    // Production's drain delay waits for Kubernetes to stop routing to a pod; nothing routes here, and
    // without it each stop is a quick graceful exit that flushes the logs.
    SHUTDOWN_DELAY_MS: '0',
    // Production wants an issuer once a feature needs tokens; the load calls no protected route.
    AUTH_ISSUER: UNUSED_ISSUER,
    // One load generator is one client: limits stay on (their cost is measured) but too high to refuse it.
    RATE_LIMIT_READ_MAX: '1000000000',
    RATE_LIMIT_WRITE_MAX: '1000000000',
    // The database path's load starts with one new token on 50 connections at once, all from one address.
    RATE_LIMIT_UNAUTHENTICATED_MAX: '1000000000',
  };
  if (metricsPort !== undefined) env.METRICS_PORT = String(metricsPort);
  if (workers !== undefined) env.WEB_CONCURRENCY = String(workers);
  if (databaseUrl !== undefined) env.DATABASE_URL = databaseUrl;
  return env;
}

function target(name: TargetName, { child, ports, startupMs }: Listening): Target {
  const [port = 0, metricsPort] = ports;
  const url = `http://127.0.0.1:${port}${SMOKE_PATH}`;
  return { name, child, port, url, startupMs, ...(metricsPort === undefined ? {} : { metricsPort }) };
}

/** Where a service started from `cwd` keeps Node's compile cache: in its dist/, so that a build clears it. */
const compileCache = (cwd: string): string => join(cwd, 'dist', 'compile-cache');

/**
 * The compile cache of `cwd`'s build, filled as the image fills its own (`dist/warm-compile-cache.js`), so
 * that every start measured compiles from it as a production start does. Filled once per build: a build
 * removes dist/ and the folder with it (the feature-count copy is rebuilt at each count), and the folder is
 * made here, so that it also marks a build warmed on a Node without a compile cache.
 */
async function warmCompileCache(cwd: string): Promise<void> {
  const cache = compileCache(cwd);
  if (existsSync(cache)) return;
  mkdirSync(cache);
  await run(process.execPath, ['dist/warm-compile-cache.js'], {
    cwd,
    env: {
      PATH: process.env.PATH ?? '',
      NODE_COMPILE_CACHE: cache,
      ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    },
  }).catch((error: unknown) => {
    rmSync(cache, { recursive: true, force: true });
    throw error;
  });
}

export async function startService(options: ServiceOptions): Promise<Target> {
  await warmCompileCache(options.cwd);
  const output = options.stdout ?? 'ignore';
  const listening = await startListening(2, ([port, metricsPort]) =>
    start(process.execPath, ['dist/server.js'], {
      cwd: options.cwd,
      env: {
        ...serviceEnv(port ?? 0, { metricsPort, workers: options.workers }),
        NODE_COMPILE_CACHE: compileCache(options.cwd),
        ...options.env,
      },
      stdio: ['ignore', output, 'pipe'],
    }),
  );
  return target(options.workers === undefined ? 'service' : 'cluster', listening);
}

const BASELINES = {
  bare: 'bench/baselines/bare-node.ts',
  naive: 'bench/baselines/naive-fastify.ts',
  'bare-pg': 'bench/baselines/bare-pg.ts',
} as const;

/**
 * A baseline, started with `node` from its built JavaScript (baselines.ts) like the service from dist/;
 * `bare-pg` (node:http + pg, the database path's limit) is named `bare` in its comparisons.
 */
export async function startBaseline(name: keyof typeof BASELINES): Promise<Target> {
  const file = await builtBaseline(BASELINES[name]);
  const listening = await startListening(1, ([port]) =>
    start(process.execPath, [file], {
      env: { ...serviceEnv(port ?? 0), NODE_ENV: 'production' },
      stdio: ['ignore', 'ignore', 'pipe'],
    }),
  );
  return target(name === 'bare-pg' ? 'bare' : name, listening);
}
