/**
 * Instructions per request: a server run under Valgrind's callgrind, counting only while a fixed number of
 * requests is answered. Wall time and CPU time on these shared machines move by a fifth between runs of the
 * same code; a count of user-space instructions repeats far more closely (docs/benchmarks.md gives the spread
 * measured: the JIT's and the garbage collector's timing is what still varies), so it can tell apart changes
 * that throughput cannot. It counts no kernel work and no waiting: system calls are the same per request for
 * the service and its baselines (strace), so the difference it shows is the JavaScript and the runtime's own.
 *
 * The server starts with instrumentation off (it runs several times slower under Valgrind, not fifty), is
 * warmed until V8 has optimized its hot code, then callgrind_control switches counting on for the measured
 * requests and dumps the total. callgrind_control finds the server through vgdb's pipes, named after the
 * user and host in each side's environment (LOGNAME, HOST): both sides are given the same.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { Agent, get } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePorts } from './ports.js';
import { start, stop } from './processes.js';
import { untilFirst200 } from './startup.js';

const run = promisify(execFile);

/** What callgrind_control and the server must agree on to find each other (vgdb's pipe names). */
const VGDB_ENV = { LOGNAME: 'petsage-bench', HOST: '127.0.0.1' } as const;

/** Concurrent requests: enough to exercise the pipeline's interleaving, few enough for Valgrind's single thread. */
const CONCURRENCY = 10;

export interface CountTarget {
  name: string;
  /** The JavaScript file `node` runs (dist/server.js or a built baseline). */
  script: string;
  cwd: string;
  /** The server's environment; it must listen on 127.0.0.1 at `port`, and on `metricsPort` if it serves metrics. */
  env: (port: number, metricsPort: number) => NodeJS.ProcessEnv;
}

export interface CountOptions {
  path: string;
  headers?: Record<string, string>;
  /** Requests answered before counting starts, so that the count is of optimized code. */
  warm: number;
  /** Requests counted. */
  requests: number;
}

export interface InstructionCount {
  name: string;
  perRequest: number;
  requests: number;
}

/** Where the load goes: the server (`name`, for errors) at `port`, and the GET each request makes. */
interface LoadTarget {
  name: string;
  agent: Agent;
  port: number;
  path: string;
  headers: Record<string, string>;
}

/** `count` GETs, CONCURRENCY at a time on the agent's kept-alive connections; throws unless each is a 200. */
async function load({ name, agent, port, path, headers }: LoadTarget, count: number) {
  const one = (): Promise<{ status: number; body: string }> =>
    new Promise((resolve, reject) => {
      const request = get({ host: '127.0.0.1', port, path, headers, agent }, (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (body += chunk));
        response.on('end', () => {
          resolve({ status: response.statusCode ?? 0, body });
        });
        response.on('error', reject);
      });
      request.on('error', reject);
    });
  let started = 0;
  const worker = async (): Promise<void> => {
    while (started < count) {
      started += 1;
      const { status, body } = await one();
      if (status !== 200) throw new Error(`${name}: GET ${path} answered ${String(status)}, not 200: ${body}`);
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, count) }, worker));
}

/** The largest instruction total among callgrind's dumps in `dir` (the one requested after the measured requests). */
function dumpedInstructions(dir: string): number {
  let total = 0;
  for (const file of readdirSync(dir)) {
    const match = /^totals: (\d+)/m.exec(readFileSync(join(dir, file), 'utf8'));
    if (match?.[1]) total = Math.max(total, Number(match[1]));
  }
  return total;
}

export async function countInstructions(target: CountTarget, options: CountOptions): Promise<InstructionCount> {
  const dir = mkdtempSync(join(tmpdir(), 'petsage-callgrind-'));
  const [port = 0, metricsPort = 0] = await freePorts(2);
  const child = start(
    'valgrind',
    [
      '--tool=callgrind',
      '--instr-atstart=no',
      // V8 writes its machine code at run time: Valgrind must notice code it has already translated change.
      '--smc-check=all-non-file',
      `--callgrind-out-file=${join(dir, 'callgrind.out')}`,
      process.execPath,
      target.script,
    ],
    { cwd: target.cwd, env: { ...target.env(port, metricsPort), ...VGDB_ENV } },
  );
  const control = (...args: string[]) =>
    run('callgrind_control', [...args, String(child.pid)], { env: { ...process.env, ...VGDB_ENV } });
  // The counted requests travel on the connections the warm-up opened, as a client's steady traffic does.
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  try {
    // Started under Valgrind, a server takes several times its usual start-up.
    await untilFirst200(child, port, performance.now(), 120_000, 100);
    const loadTarget = { name: target.name, agent, port, path: options.path, headers: options.headers ?? {} };
    await load(loadTarget, options.warm);
    await control('--instr=on');
    await load(loadTarget, options.requests);
    await control('--dump');
    const total = dumpedInstructions(dir);
    if (total === 0) throw new Error(`callgrind counted no instructions for ${target.name}`);
    return { name: target.name, perRequest: total / options.requests, requests: options.requests };
  } finally {
    agent.destroy();
    await stop(child, 10_000);
    rmSync(dir, { recursive: true, force: true });
  }
}
