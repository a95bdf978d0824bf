/**
 * Graceful shutdown of the built service under a bounded keep-alive load: after SIGTERM, /readyz turns 503
 * while requests keep being served for the drain delay; every request sent before the drain ends gets a
 * complete response; then the process exits 0 well within its budget. Plus the two forced exits.
 */
import { Agent, get } from 'node:http';
import { connect } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { listeningUrl, startBuilt, waitForExit } from '../helpers/process.js';

const DELAY_MS = 1500;
const TIMEOUT_MS = 5000;
const CONNECTIONS = 10;

interface Result {
  status: number;
  body: string;
}

function request(url: string, agent: Agent): Promise<Result> {
  return new Promise((resolve, reject) => {
    get(url, { agent }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => {
        resolve({ status: response.statusCode ?? 0, body });
      });
      response.on('error', reject);
    }).on('error', reject);
  });
}

describe('graceful shutdown', () => {
  it('drains a keep-alive load: every request sent before the drain ends is answered, then exit 0', async () => {
    const child = startBuilt({
      HOST: '127.0.0.1',
      PORT: '0',
      SHUTDOWN_DELAY_MS: String(DELAY_MS),
      SHUTDOWN_TIMEOUT_MS: String(TIMEOUT_MS),
      // One client sending without pause: the rate limit would answer 429 long before the drain ends.
      RATE_LIMIT_READ_MAX: '0',
    });
    const exited = waitForExit(child, 30_000);
    const url = await listeningUrl(child);
    const agent = new Agent({ keepAlive: true, maxSockets: CONNECTIONS });

    let sigtermAt = Infinity;
    const sendUntil = () => sigtermAt + DELAY_MS - 250;
    const results: Result[] = [];
    const failures: unknown[] = [];
    const load = Array.from({ length: CONNECTIONS }, async () => {
      while (Date.now() < sendUntil()) {
        try {
          results.push(await request(`${url}/v1/smoke_test/`, agent));
        } catch (error) {
          failures.push(error);
        }
      }
    });

    await sleep(300);
    const beforeSignal = results.length;
    sigtermAt = Date.now();
    child.kill('SIGTERM');
    await sleep(200);
    const readiness = await request(`${url}/readyz`, new Agent());
    await Promise.all(load);
    agent.destroy();
    const { code, stdout } = await exited;
    const elapsed = Date.now() - sigtermAt;

    expect(failures).toEqual([]);
    expect(beforeSignal).toBeGreaterThan(0);
    expect(results.length).toBeGreaterThan(beforeSignal);
    for (const result of results) {
      expect(result.status).toBe(200);
      expect(JSON.parse(result.body)).toMatchObject({ status: 'ok', feature: 'smoke_test' });
    }
    expect(readiness.status).toBe(503);
    expect(JSON.parse(readiness.body)).toMatchObject({ status: 503, detail: 'The service is shutting down.' });
    expect(code).toBe(0);
    expect(elapsed).toBeGreaterThanOrEqual(DELAY_MS);
    expect(elapsed).toBeLessThan(DELAY_MS + TIMEOUT_MS);
    expect(stdout).toContain('shutdown: not ready, draining');
    expect(stdout).toContain('shutdown: complete');
  });

  it('forces exit 1 with a log line when a request is still unfinished after SHUTDOWN_TIMEOUT_MS', async () => {
    // A request whose headers never finish keeps its connection busy, so close() cannot complete.
    const { child, exited, socket } = await serverWithHalfSentRequest('700');
    const start = Date.now();
    child.kill('SIGTERM');
    const { code, stdout } = await exited;
    socket.destroy();
    expect(code).toBe(1);
    expect(Date.now() - start).toBeLessThan(5000);
    expect(stdout).toContain('shutdown did not finish in time: forcing exit');
  });

  it('answers a request still arriving when the server closes (200, Connection: close), then exits 0', async () => {
    const { child, exited, socket, reply: received } = await serverWithHalfSentRequest('5000');
    child.kill('SIGTERM');
    await sleep(300);
    socket.write('\r\n');
    const { code } = await exited;
    socket.destroy();
    const reply = received();
    expect(reply).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(reply).toMatch(/\r\nconnection: close\r\n/i);
    expect(reply).toContain('"status":"ok"');
    expect(code).toBe(0);
  });

  it('exits 1 at once on a second signal during the drain', async () => {
    const child = startBuilt({ HOST: '127.0.0.1', PORT: '0', SHUTDOWN_DELAY_MS: '20000' });
    const exited = waitForExit(child, 15_000);
    await listeningUrl(child);
    child.kill('SIGTERM');
    await sleep(200);
    const start = Date.now();
    child.kill('SIGINT');
    const { code, stdout } = await exited;
    expect(code).toBe(1);
    expect(Date.now() - start).toBeLessThan(3000);
    expect(stdout).toContain('second signal during shutdown');
  });
});

/** The built service (no drain delay) with one connection whose request head is sent all but its last line. */
async function serverWithHalfSentRequest(timeoutMs: string) {
  const child = startBuilt({ HOST: '127.0.0.1', PORT: '0', SHUTDOWN_DELAY_MS: '0', SHUTDOWN_TIMEOUT_MS: timeoutMs });
  const exited = waitForExit(child, 15_000);
  const { port } = new URL(await listeningUrl(child));
  const socket = connect(Number(port), '127.0.0.1');
  socket.on('error', () => undefined);
  let reply = '';
  socket.on('data', (chunk: Buffer) => (reply += chunk.toString()));
  await new Promise((resolve) => socket.once('connect', resolve));
  socket.write('GET /v1/smoke_test/ HTTP/1.1\r\nHost: x\r\n');
  await sleep(100);
  return { child, exited, socket, reply: () => reply };
}
