/**
 * The spec's two tests, ported, on the app the service runs (createApp, with its real error handling and
 * JSON content type) mounting this feature alone, whatever else the registry lists.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../../../src/app.js';
import { feature } from '../../../../src/features/smoke_test/v1/index.js';
import { testSettings } from '../../../helpers/settings.js';

describe('GET /v1/smoke_test/', () => {
  let app: FastifyInstance;

  beforeAll(async () => {
    app = createApp(testSettings(), { features: [feature] });
    await app.ready();
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

  it('answers another method with a problem document, as every route of the app does', async () => {
    const response = await app.inject({ method: 'DELETE', url: '/v1/smoke_test/' });

    expect(response.statusCode).toBe(405);
    expect(response.headers['content-type']).toBe('application/problem+json');
    expect(response.json()).toMatchObject({ status: 405, title: 'Method Not Allowed' });
  });
});
