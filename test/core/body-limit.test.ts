/**
 * BODY_LIMIT_BYTES on a route that reads its body (a test feature: the tree may have none), through a real
 * socket: a chunked body counted past the limit answers 413, closes the connection and is not read on.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import type { FeatureModule } from '../../src/core/features/feature.js';
import { CUT_BODY_BYTES, expectAnsweredAndCut } from '../helpers/raw-http.js';
import { testSettings } from '../helpers/settings.js';

const LIMIT = 10_000;
const HUGE = CUT_BODY_BYTES;

const echo: FeatureModule = {
  name: 'echo',
  version: 1,
  router: async (app) => {
    app.post('/', async (request) => ({ received: JSON.stringify(request.body).length }));
  },
};

let app: FastifyInstance;
let port: number;

beforeAll(async () => {
  app = createApp(testSettings({ BODY_LIMIT_BYTES: String(LIMIT) }), { features: [echo] });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  port = typeof address === 'object' && address ? address.port : 0;
});

afterAll(() => app.close());

describe('a body the route reads', () => {
  it('answers 413 with Connection: close once a chunked body passes the limit, and stops reading', async () => {
    const head =
      'POST /v1/echo/ HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n';
    await expectAnsweredAndCut(port, head, 413, { bodyBytes: HUGE, chunked: true });
  });

  it('answers 413 at once for a Content-Length above the limit', async () => {
    const head = `POST /v1/echo/ HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${HUGE}\r\n\r\n`;
    await expectAnsweredAndCut(port, head, 413, { bodyBytes: HUGE });
  });

  it('still reads a body within the limit', async () => {
    const response = await app.inject({ method: 'POST', url: '/v1/echo/', payload: { a: 'b'.repeat(100) } });
    expect(response.statusCode).toBe(200);
  });
});
