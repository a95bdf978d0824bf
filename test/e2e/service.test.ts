/** The built service as a real process on a free loopback port: probes, request ids, metrics, cluster mode. */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { get } from 'node:http';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { BUILT_ENTRY, listeningUrl, metricsUrl, startBuilt, UNUSED_ISSUER, waitForExit } from '../helpers/process.js';
import { TEST_CURSOR_SECRET } from '../helpers/settings.js';

const BASE_ENV = { HOST: '127.0.0.1', PORT: '0', SHUTDOWN_DELAY_MS: '0' };

describe('the built service', () => {
  let child: ChildProcess;
  let url: string;
  let metrics: string;

  beforeAll(async () => {
    child = startBuilt(BASE_ENV);
    const metricsListening = metricsUrl(child);
    url = await listeningUrl(child);
    metrics = await metricsListening;
  });

  afterAll(async () => {
    child.kill('SIGTERM');
    await once(child, 'exit');
  });

  it('answers the probes and the smoke test', async () => {
    for (const [path, body] of [
      ['/livez', { status: 'ok' }],
      ['/readyz', { status: 'ready' }],
      ['/v1/smoke_test/', { status: 'ok', feature: 'smoke_test', message: 'PetSage Backend is up and running!' }],
    ] as const) {
      const response = await fetch(url + path);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('application/json');
      expect(await response.json()).toEqual(body);
    }
  });

  it('echoes a sane x-request-id and generates one otherwise', async () => {
    const echoed = await fetch(`${url}/v1/smoke_test/`, { headers: { 'x-request-id': 'e2e-trace-1' } });
    expect(echoed.headers.get('x-request-id')).toBe('e2e-trace-1');
    const generated = await fetch(`${url}/v1/smoke_test/`, { headers: { 'x-request-id': 'bad id!' } });
    expect(generated.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(generated.headers.get('x-powered-by')).toBeNull();
  });

  it('counts the requests just made in /metrics, served on the metrics port only', async () => {
    const count = async (): Promise<number> => {
      const text = await (await fetch(`${metrics}/metrics`)).text();
      const match = /^http_requests_total\{route="\/livez",method="GET",status="200"\} (\d+)$/m.exec(text);
      return Number(match?.[1] ?? 0);
    };
    const before = await count();
    await Promise.all(Array.from({ length: 7 }, () => fetch(`${url}/livez`).then((r) => r.text())));
    expect(await count()).toBe(before + 7);
    expect((await fetch(`${url}/metrics`)).status).toBe(404);
  });
});

describe('the built service under load shedding', () => {
  it('sheds the API, /readyz and the documents, but never /metrics nor /livez', async () => {
    // A 1 MiB heap limit is always exceeded: the service sheds from its first sample on.
    const child = startBuilt({ ...BASE_ENV, MAX_HEAP_USED_MB: '1' });
    const metricsListening = metricsUrl(child);
    try {
      const url = await listeningUrl(child);
      const metrics = await metricsListening;
      await expect.poll(async () => (await fetch(`${url}/v1/smoke_test/`)).status, { timeout: 5000 }).toBe(503);
      for (const path of ['/readyz', '/v1/openapi.json', '/docs']) expect((await fetch(url + path)).status).toBe(503);
      expect((await fetch(`${url}/livez`)).status).toBe(200);
      const scrape = await fetch(`${metrics}/metrics`);
      expect(scrape.status).toBe(200);
      expect(await scrape.text()).toMatch(
        /^http_requests_total\{route="\/v1\/smoke_test",method="GET",status="503"\} \d+$/m,
      );
    } finally {
      child.kill('SIGTERM');
      await once(child, 'exit');
    }
  });
});

describe('WEB_CONCURRENCY=2', () => {
  it('serves from two workers on one port, and all exit 0 on SIGTERM', async () => {
    const child = startBuilt({ ...BASE_ENV, WEB_CONCURRENCY: '2' });
    const exited = waitForExit(child, 30_000);
    // Both workers must listen first, or the first one alone would take every request.
    const url = await listeningUrl(child, 15_000, 2);
    // A new connection per request (no keep-alive), so the primary spreads them over both workers.
    for (let i = 0; i < 20; i++) {
      await new Promise<void>((resolve, reject) => {
        get(`${url}/livez`, { agent: false }, (response) => {
          response.resume().on('end', resolve);
        }).on('error', reject);
      });
    }
    child.kill('SIGTERM');
    const result = await exited;
    expect(result.code).toBe(0);
    const pids = new Set(
      result.stdout
        .split('\n')
        .filter((line) => line.includes('"msg":"request"'))
        .map((line) => (JSON.parse(line) as { pid: number }).pid),
    );
    expect(pids.size).toBe(2);
    expect(result.stdout.match(/shutdown: complete/g)).toHaveLength(2);
  });

  it('drains once and exits 0 on a Ctrl-C sent to the whole process group', async () => {
    const child = spawn(process.execPath, BUILT_ENTRY, {
      // As startBuilt does (a detached group of its own needs its own spawn): production, on the shared database.
      env: {
        PATH: process.env.PATH ?? '',
        NODE_ENV: 'production',
        DATABASE_URL: inject('sharedDatabaseUrl'),
        AUTH_ISSUER: UNUSED_ISSUER,
        CURSOR_SECRET: TEST_CURSOR_SECRET,
        ...BASE_ENV,
        SHUTDOWN_DELAY_MS: '500',
        WEB_CONCURRENCY: '2',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    const exited = waitForExit(child, 30_000);
    await listeningUrl(child, 15_000, 2);
    process.kill(-(child.pid ?? 0), 'SIGINT');
    const result = await exited;
    expect(result.code).toBe(0);
    expect(result.stdout).not.toContain('second signal');
    expect(result.stdout.match(/shutdown: complete/g)).toHaveLength(2);
  });
});
