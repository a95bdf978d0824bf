/**
 * No client can end the process: a connection reset (TCP RST, as SO_LINGER 0 sends) at each point where the
 * service handles a raw socket itself leaves the built service up and serving. One CONNECT then a reset used
 * to kill it (the socket Node hands to the 'connect' listener had no 'error' listener).
 */
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listeningUrl, startBuilt } from '../helpers/process.js';
import { exchange, openSocket, portOf, statusOf } from '../helpers/raw-http.js';

let child: ChildProcess;
let port: number;
let stderr = '';

beforeAll(async () => {
  child = startBuilt({
    HOST: '127.0.0.1',
    PORT: '0',
    SHUTDOWN_DELAY_MS: '0',
    BODY_LIMIT_BYTES: '1024',
    KEEP_ALIVE_TIMEOUT_MS: '500',
    HEADERS_TIMEOUT_MS: '1000',
    REQUEST_TIMEOUT_MS: '1500',
  });
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  port = portOf(await listeningUrl(child));
});

afterAll(async () => {
  if (child.exitCode !== null) return;
  child.kill('SIGTERM');
  await once(child, 'exit');
});

/** Sends `raw`, waits `afterMs` (0: not even for the reply), then resets the connection. */
async function sendThenReset(raw: string, afterMs: number): Promise<void> {
  const { socket } = await openSocket(port);
  socket.write(raw);
  if (afterMs > 0) await sleep(afterMs);
  // The server may have closed it already (a CONNECT's answer ends the connection).
  if (socket.closed) return;
  const closing = once(socket, 'close');
  socket.resetAndDestroy();
  await closing;
}

const BIG_BODY = 'x'.repeat(64 * 1024);
const POINTS = [
  { name: 'a CONNECT', raw: 'CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n' },
  { name: 'a CONNECT with data after it', raw: 'CONNECT a:1 HTTP/1.1\r\nHost: a:1\r\n\r\nGET / HTTP/1.1\r\n\r\n' },
  {
    name: 'an Upgrade request',
    raw: 'GET /v1/smoke_test/ HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n',
  },
  {
    name: 'a body the server discards',
    raw: `POST /v1/smoke_test/ HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n10000\r\n${BIG_BODY}`,
  },
  { name: 'a request that is never finished', raw: 'GET /v1/smoke_test/ HTTP/1.1\r\nHost: x\r\n' },
  { name: 'an unparsable request', raw: 'hello there\r\n\r\n' },
  { name: 'a large answer', raw: 'GET /v1/openapi.json HTTP/1.1\r\nHost: x\r\n\r\n' },
] as const;

describe('a connection reset', () => {
  it.each(POINTS)('after $name leaves the service serving', async ({ raw }) => {
    // At once, while the answer is being written, and after the timeouts have fired.
    for (const afterMs of [0, 1, 20, 2000]) {
      await sendThenReset(raw, afterMs);
      const { reply } = await exchange(port, 'GET /livez HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
      expect(statusOf(reply), `after ${afterMs} ms:\n${stderr}`).toBe(200);
    }
    expect(child.exitCode).toBeNull();
    expect(stderr).not.toMatch(/ECONNRESET|uncaught/i);
  });
});
