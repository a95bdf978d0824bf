import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { problem } from '../../src/core/errors/problem.js';
import { testSettings } from '../helpers/settings.js';

let app: FastifyInstance;
beforeAll(() => {
  app = createApp(testSettings());
});
afterAll(() => app.close());

describe('probes', () => {
  it('GET /livez answers 200 with a small JSON body', async () => {
    const response = await app.inject('/livez');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/json');
    expect(response.json()).toEqual({ status: 'ok' });
  });

  it('GET /readyz answers 200 while ready, then 503 as a problem document once shutdown begins', async () => {
    const ready = await app.inject('/readyz');
    expect(ready.statusCode).toBe(200);
    expect(ready.headers.connection).not.toBe('close');
    expect(ready.json()).toEqual({ status: 'ready' });

    app.readiness.ready = false;
    const draining = await app.inject('/readyz');
    expect(draining.statusCode).toBe(503);
    expect(draining.headers['content-type']).toBe('application/problem+json');
    expect(draining.json()).toEqual(problem(503, 'The service is shutting down.'));
    // Liveness and the API itself keep answering during the drain, asking keep-alive clients to reconnect.
    expect((await app.inject('/livez')).statusCode).toBe(200);
    const smoke = await app.inject('/v1/smoke_test/');
    expect(smoke.statusCode).toBe(200);
    expect(smoke.headers.connection).toBe('close');
  });
});
