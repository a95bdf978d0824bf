import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { API_SECURITY_HEADERS } from '../../src/core/protection/security-headers.js';
import { testSettings } from '../helpers/settings.js';

let app: FastifyInstance;
beforeAll(() => {
  app = createApp(testSettings());
});
afterAll(() => app.close());

describe('security headers', () => {
  it.each(['/v1/smoke_test/', '/livez', '/readyz', '/v1/openapi.json', '/nowhere', '/metrics'])(
    '%s carries the OWASP REST set and no x-powered-by',
    async (path) => {
      const response = await app.inject(path);
      expect(response.headers).toMatchObject(API_SECURITY_HEADERS);
      expect(response.headers).not.toHaveProperty('x-powered-by');
      expect(response.headers).not.toHaveProperty('access-control-allow-origin');
    },
  );

  it('the OWASP REST set is exactly the four headers it recommends for API responses', () => {
    expect(API_SECURITY_HEADERS).toEqual({
      'cache-control': 'no-store',
      'content-security-policy': "frame-ancestors 'none'",
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
    });
  });

  it('405 and malformed-URL errors carry them too, or at least never leak internals', async () => {
    const response = await app.inject({ method: 'DELETE', url: '/v1/smoke_test/' });
    expect(response.statusCode).toBe(405);
    expect(response.headers).toMatchObject(API_SECURITY_HEADERS);
  });

  it("/docs gets helmet's full set and a CSP that allows its own scripts only, none of the API's", async () => {
    const response = await app.inject('/docs');
    expect(response.statusCode).toBe(200);
    expect(response.headers).toMatchObject({
      'cross-origin-opener-policy': 'same-origin',
      'cross-origin-resource-policy': 'same-origin',
      'referrer-policy': 'no-referrer',
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'SAMEORIGIN',
      'cache-control': 'no-cache',
    });
    expect(response.headers).not.toHaveProperty('strict-transport-security');
    const csp = String(response.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self';");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toContain('upgrade-insecure-requests');
    expect(csp).not.toContain('unsafe-eval');
  });
});
