/**
 * The built service's edges, as a real process on 127.0.0.1: timeouts that hold to within about a second,
 * the connection cap, and bodies nobody reads still bounded by BODY_LIMIT_BYTES. Small limits keep it quick.
 */
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listeningUrl, metricsUrl, startBuilt } from '../helpers/process.js';
import {
  closed,
  CUT_BODY_BYTES,
  exchange,
  expectAnsweredAndCut,
  headersOf,
  openSocket,
  portOf,
  statusOf,
  type Closed,
} from '../helpers/raw-http.js';

const BASE_ENV = { HOST: '127.0.0.1', PORT: '0', SHUTDOWN_DELAY_MS: '0' };
/** Node's own check runs every 30 s by default: a timeout that only holds on that tick overshoots by far more. */
const SLACK_MS = 2000;

async function serve(env: Record<string, string>): Promise<{ child: ChildProcess; port: number; metrics: string }> {
  const child = startBuilt({ ...BASE_ENV, ...env });
  const metricsListening = metricsUrl(child);
  const port = portOf(await listeningUrl(child));
  return { child, port, metrics: await metricsListening };
}

async function stop(child: ChildProcess): Promise<void> {
  child.kill('SIGTERM');
  await once(child, 'exit');
}

describe('timeouts', () => {
  const HEADERS_TIMEOUT_MS = 2000;
  const REQUEST_TIMEOUT_MS = 3000;
  let child: ChildProcess;
  let port: number;

  beforeAll(async () => {
    ({ child, port } = await serve({
      KEEP_ALIVE_TIMEOUT_MS: '1000',
      HEADERS_TIMEOUT_MS: String(HEADERS_TIMEOUT_MS),
      REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS),
    }));
  });
  afterAll(() => stop(child));

  /** Writes `head`, then `drip` every 200 ms, and expects the server to close the connection at `limitMs`. */
  async function slowClient(head: string, drip: string, limitMs: number): Promise<Closed> {
    const { socket, reply } = await openSocket(port);
    const started = Date.now();
    socket.write(head);
    const trickle = setInterval(() => socket.write(drip), 200);
    const result = await closed(socket, reply, limitMs + 3 * SLACK_MS, started);
    clearInterval(trickle);
    expect(result.ms).toBeGreaterThanOrEqual(limitMs - 100);
    expect(result.ms).toBeLessThan(limitMs + SLACK_MS);
    return result;
  }

  it('cuts a client that sends its headers slowly at HEADERS_TIMEOUT_MS, with a 408 problem document', async () => {
    const result = await slowClient('GET /v1/smoke_test/ HTTP/1.1\r\nHost: x\r\n', 'X-Slow: y\r\n', HEADERS_TIMEOUT_MS);
    expect(statusOf(result.reply)).toBe(408);
    expect(headersOf(result.reply)['content-type']).toBe('application/problem+json');
  });

  it('cuts a client that sends its body slowly at REQUEST_TIMEOUT_MS, and answers nothing more', async () => {
    const head = 'POST /no/such/path HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: 1000\r\n\r\n';
    const result = await slowClient(head, 'z', REQUEST_TIMEOUT_MS);
    // The 404 went out at once; the timeout then closes the connection without a second response.
    expect(statusOf(result.reply)).toBe(404);
    expect(result.reply.match(/HTTP\/1\.1 /g)).toHaveLength(1);
  });

  it('closes an idle keep-alive connection at KEEP_ALIVE_TIMEOUT_MS', async () => {
    const { socket, reply } = await openSocket(port);
    socket.write('GET /livez HTTP/1.1\r\nHost: x\r\n\r\n');
    const result = await closed(socket, reply, 1000 + 3 * SLACK_MS);
    expect(statusOf(result.reply)).toBe(200);
    expect(result.ms).toBeLessThan(1000 + SLACK_MS);
  });
});

describe('MAX_CONNECTIONS', () => {
  it('closes connections past the cap unanswered, and serves again once one closes', async () => {
    const { child, port, metrics } = await serve({ MAX_CONNECTIONS: '3' });
    try {
      const held = await Promise.all([openSocket(port), openSocket(port), openSocket(port)]);
      await sleep(100);
      const refused = await exchange(port, 'GET /livez HTTP/1.1\r\nHost: x\r\n\r\n', 3000);
      expect(refused.ms).toBeLessThan(3000);
      expect(refused.reply).toBe('');

      held[0].socket.destroy();
      await sleep(200);
      const served = await exchange(port, 'GET /livez HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
      expect(statusOf(served.reply)).toBe(200);
      for (const { socket } of held) socket.destroy();
      expect(await (await fetch(`${metrics}/metrics`)).text()).toMatch(/^http_connections_dropped_total 1$/m);
    } finally {
      await stop(child);
    }
  });
});

describe('bodies nobody reads', () => {
  const LIMIT = 10_000;
  const HUGE = CUT_BODY_BYTES;
  let child: ChildProcess;
  let port: number;

  beforeAll(async () => {
    ({ child, port } = await serve({ BODY_LIMIT_BYTES: String(LIMIT) }));
  });
  afterAll(() => stop(child));

  // A request no route takes is refused for that first (404, 405), but still closed and not read on.
  it.each([
    ['GET /v1/smoke_test/', 'application/json', 413],
    ['POST /no/such/path', 'application/octet-stream', 404],
    ['PUT /livez', 'text/plain', 405],
  ])('%s with a %s body above the limit answers %i, closes and stops reading', async (line, type, status) => {
    const head = `${line} HTTP/1.1\r\nHost: x\r\nContent-Type: ${type}\r\nContent-Length: ${HUGE}\r\n\r\n`;
    const headers = await expectAnsweredAndCut(port, head, status, { bodyBytes: HUGE });
    expect(headers['content-type']).toBe('application/problem+json');
    expect(headers['x-content-type-options']).toBe('nosniff');
  });

  it('stops reading a chunked body nobody reads, after answering', async () => {
    const head = 'GET /v1/smoke_test/ HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n';
    await expectAnsweredAndCut(port, head, 200, { bodyBytes: HUGE, chunked: true });
  });

  it('keeps the connection for a small unread body', async () => {
    const { socket, reply } = await openSocket(port);
    socket.write('GET /livez HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello');
    socket.write('GET /livez HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    const result = await closed(socket, reply, 5000);
    expect(result.reply.match(/HTTP\/1\.1 200 /g)).toHaveLength(2);
  });
});
