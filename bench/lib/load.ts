/**
 * One load: wrk (a C load generator, one thread) with bench/load.lua for the method, body and headers,
 * against one URL of 127.0.0.1. wrk prints the script's JSON line at the end; this reads it.
 */
import { once } from 'node:events';
import { start } from './processes.js';

/** What each request of a load sends, beyond a GET of the URL. */
export interface LoadOptions {
  method?: 'POST';
  body?: string;
  headers: Record<string, string>;
  /** Every request with an Idempotency-Key of its own (load.lua makes them). */
  freshIdempotencyKeys?: boolean;
}

export interface LoadResult {
  /** Requests per second over the load. */
  rps: number;
  /** Latencies in milliseconds. */
  p50: number;
  p99: number;
  max: number;
  /** Connection errors, read/write errors and timeouts. */
  errors: number;
  /** Answers with a status of 400 or more. */
  non2xx: number;
  total: number;
  /** CPU time of the server's processes per request, in microseconds (rounds.ts measures it). */
  cpuUsPerRequest: number;
}

export const WRK = '/usr/bin/wrk';
const SCRIPT = 'bench/load.lua';
/** One wrk thread: the server under load is one Node.js process, and the machine may have two cores. */
const THREADS = 1;

interface ScriptOutput {
  requests: number;
  durationUs: number;
  errors: number;
  non2xx: number;
  p50Us: number;
  p99Us: number;
  maxUs: number;
}

export async function load(
  url: string,
  seconds: number,
  connections: number,
  options?: LoadOptions,
): Promise<Omit<LoadResult, 'cpuUsPerRequest'>> {
  if (!url.startsWith('http://127.0.0.1:')) throw new Error(`only 127.0.0.1 is loaded, not ${url}`);
  const headers = Object.entries(options?.headers ?? {}).map(([name, value]) => `${name}: ${value}`);
  // wrk takes whole seconds.
  const duration = `${Math.max(1, Math.round(seconds))}s`;
  // Started like every other child of the run, so an interrupted run stops it too.
  const child = start(
    WRK,
    [`-t${THREADS}`, `-c${connections}`, `-d${duration}`, '--timeout', '5s', '-s', SCRIPT, url],
    {
      env: {
        PATH: process.env.PATH ?? '',
        BENCH_METHOD: options?.method ?? 'GET',
        BENCH_BODY: options?.body ?? '',
        BENCH_HEADERS: headers.join('\n'),
        BENCH_FRESH_KEY: options?.freshIdempotencyKeys ? '1' : '',
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  let stdout = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  const [code] = (await once(child, 'exit')) as [number | null];
  const line = stdout.trim().split('\n').at(-1) ?? '';
  if (code !== 0 || !line.startsWith('{')) throw new Error(`wrk exited with ${String(code)}: ${stdout}`);
  const out = JSON.parse(line) as ScriptOutput;
  return {
    rps: out.requests / (out.durationUs / 1e6),
    p50: out.p50Us / 1000,
    p99: out.p99Us / 1000,
    max: out.maxUs / 1000,
    errors: out.errors,
    non2xx: out.non2xx,
    total: out.requests,
  };
}
