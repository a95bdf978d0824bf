/** The HTTP contract of the whole app, built by createApp and driven through inject (no network). */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.js';
import { testSettings } from './helpers/settings.js';

const SMOKE_TEST_BODY = '{"status":"ok","feature":"smoke_test","message":"PetSage Backend is up and running!"}';

function expectProblem(response: { headers: Record<string, unknown>; json: () => unknown }, status: number): void {
  expect(response.headers['content-type']).toBe('application/problem+json');
  expect(response.json()).toEqual({
    type: 'about:blank',
    title: expect.any(String) as string,
    status,
    detail: expect.any(String) as string,
  });
}

describe('createApp', () => {
  let app: FastifyInstance;

  beforeAll(() => {
    app = createApp(testSettings());
  });

  afterAll(() => app.close());

  describe('GET /v1/smoke_test/', () => {
    it('answers 200, application/json exactly, and the spec body byte for byte', async () => {
      const response = await app.inject({ method: 'GET', url: '/v1/smoke_test/' });
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toBe('application/json');
      expect(response.body).toBe(SMOKE_TEST_BODY);
    });

    it('answers the same without the trailing slash, directly rather than by redirect', async () => {
      const response = await app.inject({ method: 'GET', url: '/v1/smoke_test' });
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toBe('application/json');
      expect(response.body).toBe(SMOKE_TEST_BODY);
    });

    it('ignores a query string', async () => {
      const response = await app.inject({ method: 'GET', url: '/v1/smoke_test/?verbose=1' });
      expect(response.statusCode).toBe(200);
      expect(response.body).toBe(SMOKE_TEST_BODY);
    });

    it('answers HEAD like GET, with the headers and no body', async () => {
      const response = await app.inject({ method: 'HEAD', url: '/v1/smoke_test/' });
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toBe('application/json');
      expect(response.headers['content-length']).toBe(String(SMOKE_TEST_BODY.length));
      expect(response.body).toBe('');
    });

    it('is served under the version prefix the settings name', async () => {
      const prefixed = createApp(testSettings({ API_V1_STR: '/api/v1' }));
      try {
        expect((await prefixed.inject('/api/v1/smoke_test/')).body).toBe(SMOKE_TEST_BODY);
        expect((await prefixed.inject('/v1/smoke_test/')).statusCode).toBe(404);
      } finally {
        await prefixed.close();
      }
    });
  });

  describe('errors', () => {
    it.each(['POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const)(
      'answers %s on the smoke test with 405, Allow and a problem document',
      async (method) => {
        const response = await app.inject({ method, url: '/v1/smoke_test/' });
        expect(response.statusCode).toBe(405);
        expect(response.headers.allow).toBe('GET, HEAD');
        expectProblem(response, 405);
      },
    );

    it('answers 405 on the path without the trailing slash too', async () => {
      const response = await app.inject({ method: 'DELETE', url: '/v1/smoke_test' });
      expect(response.statusCode).toBe(405);
      expect(response.headers.allow).toBe('GET, HEAD');
    });

    it.each(['/', '/nope', '/v1', '/v1/', '/v1/smoke_test/extra', '/v2/smoke_test/', '/V1/smoke_test/'])(
      'answers GET %s with 404 and a problem document',
      async (url) => {
        const response = await app.inject({ method: 'GET', url });
        expect(response.statusCode).toBe(404);
        expect(response.headers.allow).toBeUndefined();
        expectProblem(response, 404);
      },
    );

    it('answers 404 rather than 405 for a wrong method on an unknown path', async () => {
      const response = await app.inject({ method: 'POST', url: '/nope' });
      expect(response.statusCode).toBe(404);
      expectProblem(response, 404);
    });

    it.each(['/v1/%E0%A4%A', '/v1/smoke_test/%', '/%zz'])(
      'answers a malformed percent-escape (%s) with 400',
      async (url) => {
        const response = await app.inject({ method: 'GET', url });
        expect(response.statusCode).toBe(400);
        expectProblem(response, 400);
      },
    );

    it('answers a huge path with 414 (past 8000 octets), not 5xx', async () => {
      const response = await app.inject({ method: 'GET', url: `/v1/${'a'.repeat(50_000)}` });
      expectProblem(response, 414);
    });

    it('answers a body with a bad content type on a GET route without failing', async () => {
      const response = await app.inject({
        method: 'GET',
        url: '/v1/smoke_test/',
        headers: { 'content-type': 'application/x-nonsense' },
        payload: 'garbage',
      });
      expect(response.statusCode).toBeLessThan(500);
    });

    it('never shows a stack trace or an internal message for an unexpected error', async () => {
      const failing = createApp(testSettings());
      failing.get('/boom', () => {
        throw new Error('secret connection string postgres://user:pw@db');
      });
      try {
        const response = await failing.inject('/boom');
        expect(response.statusCode).toBe(500);
        expectProblem(response, 500);
        expect(response.body).not.toContain('secret');
        expect(response.body).not.toContain('at ');
      } finally {
        await failing.close();
      }
    });
  });
});
