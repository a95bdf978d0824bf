/**
 * Which production features the service has on, read from the running service itself: an access-log
 * line per request (requests sent with their own x-request-id, whose lines are counted in its stdout
 * once it has exited and flushed), a request id and security headers on the smoke test's response,
 * and /metrics, /livez and /readyz answering.
 */
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stop } from './processes.js';
import { get, SMOKE_PATH } from './startup.js';
import { startService } from './targets.js';

export interface FeaturesOn {
  accessLogLinesPerRequest: number;
  requestId: boolean;
  securityHeaders: string[];
  metrics: boolean;
  livez: boolean;
  readyz: boolean;
  responseHeaderBytes: number;
}

const SECURITY_HEADERS = [
  'strict-transport-security',
  'x-content-type-options',
  'x-frame-options',
  'content-security-policy',
  'cache-control',
  'referrer-policy',
  'cross-origin-resource-policy',
  'cross-origin-opener-policy',
  'x-dns-prefetch-control',
  'x-download-options',
  'x-permitted-cross-domain-policies',
  'origin-agent-cluster',
  'x-xss-protection',
];

const REQUESTS = 20;

export async function probeFeatures(cwd: string): Promise<FeaturesOn> {
  const dir = mkdtempSync(join(tmpdir(), 'petsage-bench-log-'));
  const logFile = join(dir, 'stdout.log');
  const fd = openSync(logFile, 'w');
  const target = await startService({ cwd, stdout: fd }).finally(() => {
    closeSync(fd);
  });
  const ids = Array.from({ length: REQUESTS }, (_, i) => `bench-probe-${i}`);
  try {
    // Header bytes from a request like the load's, without an id of its own (the service makes a UUID).
    const first = await get(target.port, SMOKE_PATH);
    const echoed = [];
    for (const id of ids)
      echoed.push((await get(target.port, SMOKE_PATH, { 'x-request-id': id })).headers['x-request-id']);
    const [metrics, livez, readyz] = await Promise.all(
      [
        [target.metricsPort ?? target.port, '/metrics'],
        [target.port, '/livez'],
        [target.port, '/readyz'],
      ].map(async ([port, path]) => (await get(port as number, path as string)).status === 200),
    );
    const headerBytes = Object.entries(first.headers).reduce(
      (sum, [name, value]) => sum + name.length + 4 + String(value).length,
      0,
    );
    await stop(target.child);
    const log = readFileSync(logFile, 'utf8').split('\n');
    const accessLines = ids.reduce((sum, id) => sum + log.filter((line) => line.includes(`"${id}"`)).length, 0);
    return {
      accessLogLinesPerRequest: accessLines / REQUESTS,
      requestId: typeof first.headers['x-request-id'] === 'string' && echoed.every((id, i) => id === ids[i]),
      securityHeaders: SECURITY_HEADERS.filter((name) => first.headers[name] !== undefined),
      metrics: metrics ?? false,
      livez: livez ?? false,
      readyz: readyz ?? false,
      responseHeaderBytes: headerBytes,
    };
  } finally {
    await stop(target.child);
    rmSync(dir, { recursive: true, force: true });
  }
}
