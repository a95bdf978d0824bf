import type { FastifyInstance } from 'fastify';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { testSettings } from '../helpers/settings.js';

/** A browser's CORS preflight for GET /v1/smoke_test/ from `origin`. */
function preflightFrom(app: FastifyInstance, origin: string) {
  return app.inject({
    method: 'OPTIONS',
    url: '/v1/smoke_test/',
    headers: { origin, 'access-control-request-method': 'GET' },
  });
}

describe('CORS', () => {
  it('by default allows no cross-origin access: no CORS header at all', async () => {
    const app = createApp(testSettings());
    const response = await app.inject({ url: '/v1/smoke_test/', headers: { origin: 'https://evil.example' } });
    const preflight = await preflightFrom(app, 'https://evil.example');
    await app.close();
    expect(response.headers).not.toHaveProperty('access-control-allow-origin');
    expect(preflight.headers).not.toHaveProperty('access-control-allow-origin');
    expect(preflight.statusCode).toBeGreaterThanOrEqual(400);
  });

  it('allows exactly the listed origins', async () => {
    const app = createApp(testSettings({ CORS_ORIGINS: 'https://app.example.com,http://localhost:3000' }));
    const allowed = await app.inject({ url: '/v1/smoke_test/', headers: { origin: 'https://app.example.com' } });
    const refused = await app.inject({ url: '/v1/smoke_test/', headers: { origin: 'https://evil.example' } });
    const preflight = await preflightFrom(app, 'http://localhost:3000');
    await app.close();
    expect(allowed.headers['access-control-allow-origin']).toBe('https://app.example.com');
    expect(refused.headers).not.toHaveProperty('access-control-allow-origin');
    expect(preflight.statusCode).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe('http://localhost:3000');
  });
});
