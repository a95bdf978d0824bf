/** Load runs through bench/load-worker.ts: autocannon in its own long-lived process, over IPC. */
import type { ChildProcess } from 'node:child_process';
import { startTs } from './processes.js';

/** What each request of a load sends, beyond a GET of the URL. */
export interface LoadOptions {
  method?: 'POST';
  body?: string;
  headers: Record<string, string>;
}

export interface LoadRequest {
  url: string;
  seconds: number;
  connections: number;
  options?: LoadOptions | undefined;
}

export interface LoadResult {
  /** Requests per second (autocannon's per-second average). */
  rps: number;
  /** Latencies in milliseconds. */
  p50: number;
  p99: number;
  max: number;
  /** Connection errors and timeouts. */
  errors: number;
  non2xx: number;
  total: number;
}

export const WORKER = 'bench/load-worker.ts';

let worker: ChildProcess | undefined;

function ensureWorker(): ChildProcess {
  if (worker?.exitCode !== null || worker.signalCode !== null || !worker.connected) {
    worker = startTs(WORKER, [], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  }
  return worker;
}

export async function load(
  url: string,
  seconds: number,
  connections: number,
  options?: LoadOptions,
): Promise<LoadResult> {
  const child = ensureWorker();
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null): void => {
      reject(new Error(`load worker exited with ${String(code)}`));
    };
    child.once('exit', onExit);
    child.once('message', (message: { result?: LoadResult; error?: string }) => {
      child.off('exit', onExit);
      if (message.result) resolve(message.result);
      else reject(new Error(`load worker failed: ${message.error ?? 'no result'}`));
    });
    child.send({ url, seconds, connections, options } satisfies LoadRequest);
  });
}
