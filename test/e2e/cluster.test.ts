/**
 * WEB_CONCURRENCY=2 as a real process: start-up failures end the primary at once with one line, a worker
 * that dies later is replaced and the exit code still says how the shutdown went, and /metrics on the
 * metrics port counts the requests of every worker.
 */
import { createServer, type Server } from 'node:net';
import { once } from 'node:events';
import { get } from 'node:http';
import { describe, expect, it } from 'vitest';
import { listeningUrl, metricsUrl, startBuilt, waitForExit } from '../helpers/process.js';

const CLUSTER_ENV = { HOST: '127.0.0.1', PORT: '0', SHUTDOWN_DELAY_MS: '0', WEB_CONCURRENCY: '2' };

/** GET on a new connection each time (no keep-alive), so the primary spreads requests over the workers. */
function getFresh(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    get(url, { agent: false }, (response) => {
      response.resume().on('end', () => {
        resolve(response.statusCode ?? 0);
      });
    }).on('error', reject);
  });
}

/** A port held by this test process for the duration of `use`. */
async function withTakenPort<T>(use: (port: number) => Promise<T>): Promise<T> {
  const taken: Server = createServer();
  taken.listen(0, '127.0.0.1');
  await once(taken, 'listening');
  const address = taken.address();
  try {
    return await use(typeof address === 'object' && address ? address.port : 0);
  } finally {
    taken.close();
  }
}

describe('WEB_CONCURRENCY=2 start-up failure', () => {
  it.each(['PORT', 'METRICS_PORT'])('exits 1 with one line when %s is taken, instead of restarting workers', (name) =>
    withTakenPort(async (port) => {
      const result = await waitForExit(startBuilt({ ...CLUSTER_ENV, [name]: String(port) }), 20_000);
      expect(result.code).toBe(1);
      const primaryLines = result.stderr.split('\n').filter((line) => line.startsWith('primary:'));
      expect(primaryLines).toHaveLength(1);
      expect(primaryLines[0]).toMatch(name === 'PORT' ? /during start-up/ : /cannot listen on 127\.0\.0\.1:\d+/);
      expect(result.stderr).not.toMatch(/starting another/);
    }),
  );

  it('a single process exits 1 with one line when METRICS_PORT is taken', () =>
    withTakenPort(async (port) => {
      const result = await waitForExit(
        startBuilt({ ...CLUSTER_ENV, WEB_CONCURRENCY: '1', METRICS_PORT: String(port) }),
      );
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(new RegExp(`^Cannot listen on 127\\.0\\.0\\.1:${port}: .*EADDRINUSE.*\\n$`));
    }));
});

describe('WEB_CONCURRENCY=2 after a worker crash', () => {
  it('replaces the worker, and a clean SIGTERM drain still exits 0', async () => {
    const child = startBuilt({ ...CLUSTER_ENV, LOG_BUFFER_BYTES: '0' });
    const exited = waitForExit(child, 40_000);
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const url = await listeningUrl(child, 15_000, 2);
    // A worker's pid: the one that answered a request, as its access log line says.
    await getFresh(`${url}/livez`);
    await expect.poll(() => /"pid":(\d+)[^\n]*"msg":"request"/.exec(output)).toBeTruthy();
    const victim = Number(/"pid":(\d+)[^\n]*"msg":"request"/.exec(output)?.[1]);
    process.kill(victim, 'SIGKILL');

    await listeningUrl(child, 15_000, 1); // the replacement's line (the stream shows only new output)
    expect(await getFresh(`${url}/livez`)).toBe(200);
    child.kill('SIGTERM');
    const result = await exited;
    expect(result.stderr).toMatch(new RegExp(`worker ${String(victim)} exited \\(SIGKILL\\)`));
    expect(result.code).toBe(0);
  });
});

describe('WEB_CONCURRENCY=2 metrics', () => {
  it('counts on the metrics port every request that any worker answered', async () => {
    const child = startBuilt(CLUSTER_ENV);
    const exited = waitForExit(child, 30_000);
    const metrics = metricsUrl(child);
    const url = await listeningUrl(child, 15_000, 2);
    const N = 40;
    for (let i = 0; i < N; i++) await getFresh(`${url}/livez`);
    const text = await (await fetch(`${await metrics}/metrics`)).text();
    const counted = /^http_requests_total\{route="\/livez",method="GET",status="200"\} (\d+)$/m.exec(text)?.[1];
    const served = await (await fetch(`${url}/metrics`)).text();
    child.kill('SIGTERM');
    expect((await exited).code).toBe(0);
    expect(Number(counted)).toBe(N);
    // The public port does not serve it.
    expect(served).toContain('"status":404');
  });
});
