/**
 * Requests Node's HTTP parser refuses never reach a route; they must still get a problem document and
 * never a 5xx. These need a real socket (inject skips the parser), on 127.0.0.1 only.
 */
import { connect } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { testSettings } from '../helpers/settings.js';

let app: FastifyInstance;
let port: number;

/** Sends raw bytes and resolves with everything the server wrote back before closing. */
function exchange(raw: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.end(raw));
    let reply = '';
    socket.setTimeout(5_000, () => socket.destroy(new Error('no reply in time')));
    socket.on('data', (chunk: Buffer) => (reply += chunk.toString()));
    socket.on('close', () => {
      resolve(reply);
    });
    socket.on('error', reject);
  });
}

function statusOf(reply: string): number {
  return Number(/^HTTP\/1\.1 (\d{3}) /.exec(reply)?.[1]);
}

beforeAll(async () => {
  app = createApp(testSettings());
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  port = typeof address === 'object' && address ? address.port : 0;
});

afterAll(() => app.close());

describe('requests the HTTP parser refuses', () => {
  it.each([
    {
      name: 'an oversized header',
      raw: `GET /v1/smoke_test/ HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(70_000)}\r\n\r\n`,
      status: 431,
    },
    { name: 'an oversized path', raw: `GET /${'a'.repeat(70_000)} HTTP/1.1\r\nHost: x\r\n\r\n`, status: 431 },
    { name: 'an unknown method', raw: 'BREW /v1/smoke_test/ HTTP/1.1\r\nHost: x\r\n\r\n', status: 400 },
    { name: 'garbage instead of a request line', raw: 'hello there\r\n\r\n', status: 400 },
    { name: 'a bad header line', raw: 'GET /v1/smoke_test/ HTTP/1.1\r\nno colon here\r\n\r\n', status: 400 },
  ])('answers $name with a problem document and status $status', async ({ raw, status }) => {
    const reply = await exchange(raw);
    expect(statusOf(reply)).toBe(status);
    expect(reply).toMatch(/\r\ncontent-type: application\/problem\+json\r\n/i);
    const body = reply.slice(reply.indexOf('\r\n\r\n') + 4);
    expect(JSON.parse(body)).toMatchObject({ type: 'about:blank', status });
  });

  it('keeps serving afterwards', async () => {
    const reply = await exchange('GET /v1/smoke_test/ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    expect(statusOf(reply)).toBe(200);
    expect(reply).toMatch(/\r\ncontent-type: application\/json\r\n/i);
  });
});
