/**
 * The spec's two tests, ported: a minimal app with only the feature's router mounted under /v1.
 * The minimal app also carries the core JSON content-type plugin, which is what makes the header exactly
 * `application/json` in this codebase (FastAPI's JSONResponse does that job in the original).
 */
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonContentType } from '../../../../src/core/json-content-type.js';
import { router as smokeTestRouter } from '../../../../src/features/smoke_test/v1/api.js';

describe('GET /v1/smoke_test/ on a minimal app', () => {
  let app: FastifyInstance;

  beforeAll(async () => {
    app = Fastify();
    await app.register(jsonContentType);
    await app.register(smokeTestRouter, { prefix: '/v1' });
  });

  afterAll(() => app.close());

  it('answers 200 with the status, the feature and the message', async () => {
    const response = await app.inject({ method: 'GET', url: '/v1/smoke_test/' });

    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/json');

    const data = response.json<Record<string, unknown>>();
    expect(data.status).toBe('ok');
    expect(data.feature).toBe('smoke_test');
    expect(data.message).toContain('PetSage Backend is up and running!');
  });

  it('answers exactly the three keys of the response schema, each a string', async () => {
    const response = await app.inject({ method: 'GET', url: '/v1/smoke_test/' });
    expect(response.statusCode).toBe(200);

    const data = response.json<Record<string, unknown>>();
    expect(new Set(Object.keys(data))).toEqual(new Set(['status', 'feature', 'message']));
    expect(typeof data.status).toBe('string');
    expect(typeof data.feature).toBe('string');
    expect(typeof data.message).toBe('string');
  });
});
