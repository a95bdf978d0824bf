/** Per-client rate limits, in this process's own store: 429 problem documents with the draft headers. */
import { afterEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { createApp } from '../../../src/app.js';
import { problem } from '../../../src/core/problem.js';
import { bearer, TestIssuer } from '../../helpers/auth.js';
import { guardedFeature } from '../../helpers/guarded-feature.js';
import { testSettings } from '../../helpers/settings.js';

let closers: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const close of closers) await close();
  closers = [];
});

async function service(env: Record<string, string>): Promise<FastifyInstance> {
  const app = createApp(testSettings(env), { features: [guardedFeature] });
  closers.push(() => app.close());
  await app.ready();
  return app;
}

const from = (address: string) => ({ remoteAddress: address });

describe('rate limits', () => {
  it('answers 429 past the budget, with Retry-After, the RateLimit headers and a problem document', async () => {
    const app = await service({ RATE_LIMIT_READ_MAX: '2', RATE_LIMIT_WINDOW_S: '60' });
    const first = await app.inject({ url: '/v1/things/public', ...from('10.0.0.1') });
    expect(first.statusCode).toBe(200);
    expect(first.headers['ratelimit-limit']).toBe('2');
    expect(first.headers['ratelimit-remaining']).toBe('1');
    expect(Number(first.headers['ratelimit-reset'])).toBeGreaterThan(0);
    await app.inject({ url: '/v1/things/public', ...from('10.0.0.1') });
    const refused = await app.inject({ url: '/v1/things/public', ...from('10.0.0.1') });
    expect(refused.statusCode).toBe(429);
    expect(refused.headers['content-type']).toBe('application/problem+json');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(60);
    expect(refused.headers['ratelimit-remaining']).toBe('0');
    expect(refused.json()).toEqual(problem(429, 'Too many requests: at most 2 per 60 s; retry in 1 minute.'));
    // Another client has its own budget.
    expect((await app.inject({ url: '/v1/things/public', ...from('10.0.0.2') })).statusCode).toBe(200);
  });

  it('never limits the probes', async () => {
    const app = await service({ RATE_LIMIT_READ_MAX: '1' });
    for (let attempt = 0; attempt < 5; attempt += 1) {
      for (const url of ['/livez', '/readyz']) {
        const response = await app.inject({ url, ...from('10.0.0.1') });
        expect(response.statusCode).toBe(200);
        expect(response.headers['ratelimit-limit']).toBeUndefined();
      }
    }
  });

  it('gives reads and writes their own budgets', async () => {
    const issuer = await TestIssuer.start();
    closers.push(() => issuer.close());
    const app = await service(issuer.settings({ RATE_LIMIT_READ_MAX: '1', RATE_LIMIT_WRITE_MAX: '3' }));
    const token = bearer(await issuer.token({ scope: 'things:read things:write' }));
    const write = () => app.inject({ method: 'POST', url: '/v1/things/', headers: token });
    expect((await app.inject({ url: '/v1/things/', headers: token })).statusCode).toBe(200);
    expect((await app.inject({ url: '/v1/things/', headers: token })).statusCode).toBe(429);
    expect((await write()).headers['ratelimit-limit']).toBe('3');
    expect((await write()).statusCode).toBe(200);
    expect((await write()).statusCode).toBe(200);
    expect((await write()).statusCode).toBe(429);
  });

  it('counts by token subject on protected routes, whatever the address', async () => {
    const issuer = await TestIssuer.start();
    closers.push(() => issuer.close());
    const app = await service(issuer.settings({ RATE_LIMIT_READ_MAX: '1' }));
    const alice = bearer(await issuer.token({ scope: 'things:read', subject: 'alice' }));
    const bob = bearer(await issuer.token({ scope: 'things:read', subject: 'bob' }));
    expect((await app.inject({ url: '/v1/things/', headers: alice, ...from('10.0.0.1') })).statusCode).toBe(200);
    expect((await app.inject({ url: '/v1/things/', headers: alice, ...from('10.0.0.2') })).statusCode).toBe(429);
    expect((await app.inject({ url: '/v1/things/', headers: bob, ...from('10.0.0.1') })).statusCode).toBe(200);
  });

  it('believes X-Forwarded-For only from a proxy TRUST_PROXY names', async () => {
    const forwarded = (client: string) => ({ url: '/v1/things/public', headers: { 'x-forwarded-for': client } });
    const trusting = await service({ RATE_LIMIT_READ_MAX: '1', TRUST_PROXY: '127.0.0.1' });
    expect((await trusting.inject(forwarded('203.0.113.1'))).statusCode).toBe(200);
    expect((await trusting.inject(forwarded('203.0.113.2'))).statusCode).toBe(200);
    expect((await trusting.inject(forwarded('203.0.113.1'))).statusCode).toBe(429);

    // Trusting no proxy (the default), every request is the proxy's own address: one client.
    const untrusting = await service({ RATE_LIMIT_READ_MAX: '1' });
    expect((await untrusting.inject(forwarded('203.0.113.1'))).statusCode).toBe(200);
    expect((await untrusting.inject(forwarded('203.0.113.2'))).statusCode).toBe(429);
  });

  it('documents 429 on every limited operation, and 401 and 403 on protected ones', async () => {
    const app = await service({});
    const document = (await app.inject('/v1/openapi.json')).json<{
      paths: Record<string, Record<string, { responses: Record<string, unknown>; security?: unknown }>>;
      components: { securitySchemes: Record<string, unknown> };
    }>();
    const things = document.paths['/v1/things/']?.get;
    expect(things?.security).toEqual([{ bearerAuth: ['things:read'] }]);
    expect(Object.keys(things?.responses ?? {})).toEqual(expect.arrayContaining(['200', '401', '403', '429']));
    expect(document.paths['/v1/things/public']?.get?.security).toEqual([]);
    expect(Object.keys(document.paths['/livez']?.get?.responses ?? {})).not.toContain('429');
    expect(document.components.securitySchemes.bearerAuth).toMatchObject({
      type: 'http',
      scheme: 'bearer',
      bearerFormat: 'JWT',
    });
  });
});
