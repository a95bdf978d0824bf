/** Per-client rate limits, in this process's own store: 429 problem documents and the draft's RateLimit fields. */
import { afterEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { createApp } from '../../../src/app.js';
import { problem } from '../../../src/core/errors/problem.js';
import { bearer, TestIssuer } from '../../helpers/auth.js';
import { guardedFeature } from '../../helpers/guarded-feature.js';
import { quotaPolicies, serviceLimit } from '../../helpers/rate-limit-fields.js';
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

async function issuer(): Promise<TestIssuer> {
  const started = await TestIssuer.start();
  closers.push(() => started.close());
  return started;
}

const from = (address: string) => ({ remoteAddress: address });

describe('rate limits', () => {
  it('answers 429 past the budget, with Retry-After, the RateLimit fields and a problem document', async () => {
    const app = await service({ RATE_LIMIT_READ_MAX: '2', RATE_LIMIT_WINDOW_S: '60' });
    const first = await app.inject({ url: '/v1/things/public', ...from('10.0.0.1') });
    expect(first.statusCode).toBe(200);
    expect(quotaPolicies(first.headers)).toEqual({ read: { q: 2, w: 60 } });
    expect(serviceLimit(first.headers)).toEqual({ policy: 'read', r: 1, t: 60 });
    // The earlier revisions' split fields, which released contracts promise, say the same.
    expect(first.headers['ratelimit-limit']).toBe('2');
    expect(first.headers['ratelimit-remaining']).toBe('1');
    expect(first.headers['ratelimit-reset']).toBe('60');
    expect(serviceLimit((await app.inject({ url: '/v1/things/public', ...from('10.0.0.1') })).headers)?.r).toBe(0);
    const refused = await app.inject({ url: '/v1/things/public', ...from('10.0.0.1') });
    expect(refused.statusCode).toBe(429);
    expect(refused.headers['content-type']).toBe('application/problem+json');
    const retryAfter = Number(refused.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(quotaPolicies(refused.headers)).toEqual({ read: { q: 2, w: 60 } });
    // The draft: Retry-After never earlier than the end of the effective window.
    expect(serviceLimit(refused.headers)).toEqual({ policy: 'read', r: 0, t: retryAfter });
    expect(refused.json()).toEqual(
      problem(429, 'Too many requests: at most 2 reads per 60 s; retry after Retry-After seconds.'),
    );
    // HEAD is a read too, refused alike without a body.
    const head = await app.inject({ method: 'HEAD', url: '/v1/things/public', ...from('10.0.0.1') });
    expect(head.statusCode).toBe(429);
    expect(head.body).toBe('');
    // Another client has its own budget.
    expect((await app.inject({ url: '/v1/things/public', ...from('10.0.0.2') })).statusCode).toBe(200);
  });

  it('never limits the probes', async () => {
    const app = await service({ RATE_LIMIT_READ_MAX: '1' });
    for (let attempt = 0; attempt < 5; attempt += 1) {
      for (const url of ['/livez', '/readyz']) {
        const response = await app.inject({ url, ...from('10.0.0.1') });
        expect(response.statusCode).toBe(200);
        expect(response.headers['ratelimit-policy']).toBeUndefined();
        expect(response.headers.ratelimit).toBeUndefined();
      }
    }
  });

  it('sends no RateLimit fields when every budget is 0', async () => {
    const app = await service({
      RATE_LIMIT_READ_MAX: '0',
      RATE_LIMIT_WRITE_MAX: '0',
      RATE_LIMIT_UNAUTHENTICATED_MAX: '0',
    });
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const response = await app.inject({ url: '/v1/things/', ...from('10.0.0.1') });
      expect(response.statusCode).toBe(401);
      expect(response.headers['ratelimit-policy']).toBeUndefined();
    }
  });

  it('gives reads and writes their own budgets per caller, once the token is verified', async () => {
    const idp = await issuer();
    const app = await service(idp.settings({ RATE_LIMIT_READ_MAX: '1', RATE_LIMIT_WRITE_MAX: '3' }));
    const token = bearer(await idp.token({ scope: 'things:read things:write' }));
    const read = () => app.inject({ url: '/v1/things/', headers: token });
    const write = () => app.inject({ method: 'POST', url: '/v1/things/', headers: token });
    // Its first request is counted before its token is verified: in its address's budget.
    const first = await read();
    expect(first.statusCode).toBe(200);
    expect(quotaPolicies(first.headers)).toEqual({ read: { q: 1, w: 60 }, unauthenticated: { q: 60, w: 60 } });
    expect(serviceLimit(first.headers)).toMatchObject({ policy: 'unauthenticated', r: 59 });
    expect(serviceLimit((await read()).headers)).toMatchObject({ policy: 'read', r: 0 });
    expect((await read()).statusCode).toBe(429);
    const firstWrite = await write();
    expect(quotaPolicies(firstWrite.headers)).toEqual({ write: { q: 3, w: 60 }, unauthenticated: { q: 60, w: 60 } });
    expect(serviceLimit(firstWrite.headers)).toMatchObject({ policy: 'write', r: 2 });
    expect((await write()).statusCode).toBe(200);
    expect((await write()).statusCode).toBe(200);
    expect((await write()).statusCode).toBe(429);
  });

  it('counts by token subject on protected routes, whatever the address', async () => {
    const idp = await issuer();
    const app = await service(idp.settings({ RATE_LIMIT_READ_MAX: '1' }));
    const alice = bearer(await idp.token({ scope: 'things:read', subject: 'alice' }));
    const bob = bearer(await idp.token({ scope: 'things:read', subject: 'bob' }));
    expect((await app.inject({ url: '/v1/things/', headers: alice, ...from('10.0.0.9') })).statusCode).toBe(200);
    expect((await app.inject({ url: '/v1/things/', headers: bob, ...from('10.0.0.9') })).statusCode).toBe(200);
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

  it('counts IPv6 clients by /64', async () => {
    const app = await service({ RATE_LIMIT_READ_MAX: '1' });
    expect((await app.inject({ url: '/v1/things/public', ...from('2001:db8:1:2::1') })).statusCode).toBe(200);
    expect((await app.inject({ url: '/v1/things/public', ...from('2001:db8:1:2::ff') })).statusCode).toBe(429);
    expect((await app.inject({ url: '/v1/things/public', ...from('2001:db8:1:3::1') })).statusCode).toBe(200);
  });

  it('documents 429 and the RateLimit fields on every limited operation, and 401 and 403 on protected ones', async () => {
    const app = await service({});
    type Header = { $ref?: string; schema?: { pattern?: string }; example?: string };
    const document = (await app.inject('/v1/openapi.json')).json<{
      paths: Record<
        string,
        Record<string, { responses: Record<string, { headers?: Record<string, Header> }>; security?: unknown }>
      >;
      components: { securitySchemes: Record<string, unknown>; headers: Record<string, Header> };
    }>();
    const things = document.paths['/v1/things/']?.get;
    expect(things?.security).toEqual([{ bearerAuth: ['things:read'] }]);
    expect(Object.keys(things?.responses ?? {})).toEqual(expect.arrayContaining(['200', '401', '403', '429']));
    expect(Object.keys(things?.responses['200']?.headers ?? {})).toEqual(
      expect.arrayContaining(['RateLimit-Policy', 'RateLimit']),
    );
    expect(document.components.headers['RateLimit-Limit']).toMatchObject({ deprecated: true });
    // Each documented example is what a client parses, and the pattern what the service sends.
    for (const [name, parse] of [
      ['RateLimit-Policy', quotaPolicies],
      ['RateLimit', serviceLimit],
    ] as const) {
      const header = document.components.headers[name];
      const example = header?.example ?? '';
      expect(parse({ [name.toLowerCase()]: example })).toBeDefined();
      expect(new RegExp(header?.schema?.pattern ?? '$^').test(example)).toBe(true);
    }
    const refused = await service({ RATE_LIMIT_READ_MAX: '1' });
    await refused.inject({ url: '/v1/things/public' });
    const sent = (await refused.inject({ url: '/v1/things/public' })).headers;
    expect(
      new RegExp(document.components.headers['RateLimit-Policy']?.schema?.pattern ?? '$^').test(
        String(sent['ratelimit-policy']),
      ),
    ).toBe(true);
    expect(
      new RegExp(document.components.headers.RateLimit?.schema?.pattern ?? '$^').test(String(sent.ratelimit)),
    ).toBe(true);
    expect(document.paths['/v1/things/public']?.get?.security).toEqual([]);
    expect(Object.keys(document.paths['/livez']?.get?.responses ?? {})).not.toContain('429');
    expect(document.components.securitySchemes.bearerAuth).toMatchObject({
      type: 'http',
      scheme: 'bearer',
      bearerFormat: 'JWT',
    });
  });
});
