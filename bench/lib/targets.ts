/**
 * The three things under load: the service as deployed (`node dist/server.js`, production settings,
 * logs to /dev/null) and the two baselines, each its own process on a free 127.0.0.1 port.
 */
import type { ChildProcess } from 'node:child_process';
import { UNUSED_DEPENDENCIES } from '../../test/helpers/process.js';
import { freePort } from './ports.js';
import { start, startTs } from './processes.js';
import { SMOKE_PATH, untilFirst200 } from './startup.js';

export type TargetName = 'bare' | 'naive' | 'service' | 'cluster' | 'unauthenticated' | 'authenticated';

export interface Target {
  name: TargetName;
  child: ChildProcess;
  port: number;
  url: string;
  /** Request headers of the load (a bearer token). */
  headers?: Record<string, string>;
  /** Spawn to first 200, in ms. */
  startupMs: number;
}

export interface ServiceOptions {
  /** The project root holding dist/ (a feature-count copy, or the project itself). */
  cwd: string;
  workers?: number;
  /** Where the service's stdout goes: 'ignore' (/dev/null) or an open file descriptor. */
  stdout?: 'ignore' | number;
}

export function serviceEnv(port: number, workers?: number): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH ?? '',
    HOST: '127.0.0.1',
    PORT: String(port),
    LOG_LEVEL: 'info',
    NODE_ENV: 'production',
    // Production's drain delay waits for Kubernetes to stop routing to a pod; nothing routes here, and
    // without it each stop is a quick graceful exit that flushes the logs.
    SHUTDOWN_DELAY_MS: '0',
    // Production wants an issuer and a database once features need them; the load calls neither kind.
    ...UNUSED_DEPENDENCIES,
    // One load generator is one client: limits stay on (their cost is measured) but too high to refuse it.
    RATE_LIMIT_READ_MAX: '1000000000',
  };
  if (workers !== undefined) env.WEB_CONCURRENCY = String(workers);
  return env;
}

async function ready(name: TargetName, child: ChildProcess, port: number, startedAt: number): Promise<Target> {
  const startupMs = await untilFirst200(child, port, startedAt);
  return { name, child, port, url: `http://127.0.0.1:${port}${SMOKE_PATH}`, startupMs };
}

export async function startService(options: ServiceOptions): Promise<Target> {
  const port = await freePort();
  const startedAt = performance.now();
  const child = start(process.execPath, ['dist/server.js'], {
    cwd: options.cwd,
    env: serviceEnv(port, options.workers),
    stdio: ['ignore', options.stdout ?? 'ignore', options.stdout ?? 'ignore'],
  });
  return ready(options.workers === undefined ? 'service' : 'cluster', child, port, startedAt);
}

export async function startBaseline(name: 'bare' | 'naive'): Promise<Target> {
  const port = await freePort();
  const startedAt = performance.now();
  const file = name === 'bare' ? 'bench/baselines/bare-node.ts' : 'bench/baselines/naive-fastify.ts';
  const child = startTs(file, [], { env: { ...serviceEnv(port), NODE_ENV: 'production' } });
  return ready(name, child, port, startedAt);
}
