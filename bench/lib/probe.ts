/**
 * Which production features the service has on, read from the running service itself: an access-log
 * line per request (counted in its stdout), a request id and security headers on the smoke test's
 * response, and /metrics, /livez and /readyz answering.
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
  try {
    await pause(200);
    const linesBefore = countLines(logFile);
    const first = await get(target.port, SMOKE_PATH);
    for (let i = 1; i < REQUESTS; i++) await get(target.port, SMOKE_PATH);
    await pause(1_200); // the logger writes its batches at least once a second
    const lines = countLines(logFile) - linesBefore;
    const [metrics, livez, readyz] = await Promise.all(
      ['/metrics', '/livez', '/readyz'].map(async (path) => (await get(target.port, path)).status === 200),
    );
    const headerBytes = Object.entries(first.headers).reduce(
      (sum, [name, value]) => sum + name.length + 4 + String(value).length,
      0,
    );
    return {
      accessLogLinesPerRequest: lines / REQUESTS,
      requestId: first.headers['x-request-id'] !== undefined,
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

async function pause(ms: number): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, ms));
}

/** Non-empty lines the service has written so far. */
function countLines(file: string): number {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '').length;
}
