/**
 * The spec's two tests, ported: a minimal app with only the feature's router mounted under its version's
 * prefix (the module's own version number, so a copy made by `feature version` tests itself).
 * The minimal app also carries the core JSON content-type plugin, which is what makes the header exactly
 * `application/json` in this codebase (FastAPI's JSONResponse does that job in the original).
 */
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonContentType } from '../../../../src/core/json-content-type.js';
import { feature } from '../../../../src/features/smoke_test/v1/index.js';

const prefix = `/v${feature.version}`;
const endpoint = `${prefix}/smoke_test/`;

describe(`GET ${endpoint} on a minimal app`, () => {
  let app: FastifyInstance;

  beforeAll(async () => {
    app = Fastify();
    await app.register(jsonContentType);
    await app.register(feature.router, { prefix });
  });

  afterAll(() => app.close());

  it('answers 200 with the status, the feature and the message', async () => {
    const response = await app.inject({ method: 'GET', url: endpoint });

    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/json');

    const data = response.json<Record<string, unknown>>();
    expect(data.status).toBe('ok');
    expect(data.feature).toBe('smoke_test');
    expect(data.message).toContain('PetSage Backend is up and running!');
  });

  it('answers exactly the three keys of the response schema, each a string', async () => {
    const response = await app.inject({ method: 'GET', url: endpoint });
    expect(response.statusCode).toBe(200);

    const data = response.json<Record<string, unknown>>();
    expect(new Set(Object.keys(data))).toEqual(new Set(['status', 'feature', 'message']));
    expect(typeof data.status).toBe('string');
    expect(typeof data.feature).toBe('string');
    expect(typeof data.message).toBe('string');
  });
});
