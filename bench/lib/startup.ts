/**
 * Start-up: spawn a server, poll `GET /v1/smoke_test/` every few milliseconds until the first 200
 * (bounded by a deadline), and read its resident memory then, from /proc.
 */
import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';

export const SMOKE_PATH = '/v1/smoke_test/';

/** One GET on a fresh connection; resolves with the status and headers (0 if refused). */
export async function get(
  port: number,
  path: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Record<string, string | string[] | undefined> }> {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path, headers, agent: false }, (res) => {
      res.resume();
      res.on('end', () => {
        resolve({ status: res.statusCode ?? 0, headers: res.headers });
      });
    });
    req.on('error', () => {
      resolve({ status: 0, headers: {} });
    });
    req.setTimeout(2000, () => req.destroy());
    req.end();
  });
}

/** Milliseconds from `startedAt` until the first 200, or throws after `deadlineMs` or on exit. */
export async function untilFirst200(
  child: ChildProcess,
  port: number,
  startedAt: number,
  deadlineMs = 10_000,
  everyMs = 5,
): Promise<number> {
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${String(child.exitCode)} before answering`);
    const { status } = await get(port, SMOKE_PATH);
    const elapsed = performance.now() - startedAt;
    if (status === 200) return elapsed;
    if (elapsed > deadlineMs) throw new Error(`no 200 from ${SMOKE_PATH} within ${deadlineMs} ms`);
    await sleep(everyMs);
  }
}

/** Resident memory of one process in MB (VmRSS), 0 if it is gone. */
export function rssMb(pid: number): number {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match?.[1] ? Number(match[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

/** The pids of a process's direct children (the cluster workers of a primary). */
export function childPids(pid: number): number[] {
  try {
    const text = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim();
    return text ? text.split(/\s+/).map(Number) : [];
  } catch {
    return [];
  }
}

/** RSS of the process and of its children (cluster workers), in MB. */
export function treeRss(pid: number): { primary: number; workers: number; total: number } {
  const primary = rssMb(pid);
  const workers = childPids(pid).reduce((sum, child) => sum + rssMb(child), 0);
  return { primary, workers, total: primary + workers };
}
