/**
 * Limits before verification, against the real app (every registered feature, the shared test database):
 * requests without a token verified before are counted per client address ahead of the token guard, in
 * their own budget (RATE_LIMIT_UNAUTHENTICATED_MAX, 60 by default), so a flood of missing and bad tokens
 * meets 429 without a signature check each, while callers whose tokens were verified keep their budgets.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { createApp } from '../../../src/app.js';
import { bearer, TestIssuer } from '../../helpers/auth.js';
import { quotaPolicies, serviceLimit } from '../../helpers/rate-limit-fields.js';
import { testSettings } from '../../helpers/settings.js';
import { FLOOD_ADDRESS, floodWithoutValidTokens } from '../../helpers/token-flood.js';

let closers: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const close of closers) await close();
  closers = [];
});

async function realApp(issuer: TestIssuer, env: Record<string, string> = {}): Promise<FastifyInstance> {
  const app = createApp(testSettings(issuer.settings(env)));
  closers.push(() => app.close());
  await app.ready();
  return app;
}

const pets = (app: FastifyInstance, headers: Record<string, string>, remoteAddress = FLOOD_ADDRESS) =>
  app.inject({ url: '/v1/pets/', headers, remoteAddress });

describe('limits before verification', () => {
  it('meets a flood of 1,500 requests without a valid token with 429 after the budget, before verification', async () => {
    const issuer = await TestIssuer.start();
    closers.push(() => issuer.close());
    const app = await realApp(issuer);
    const alice = bearer(await issuer.token({ scope: 'pets:read', subject: 'alice' }));
    expect((await pets(app, alice)).statusCode).toBe(200); // verified now, from the flooding address

    const { statuses, last } = await floodWithoutValidTokens(issuer, [(headers) => pets(app, headers)]);
    // alice's first request took one unit of the address's 60; each of the other 59 was verified and refused.
    expect(statuses).toEqual({ 401: 59, 429: 1441 });
    expect(last.headers['content-type']).toBe('application/problem+json');
    expect(last.headers['www-authenticate']).toBeUndefined();
    expect(Number(last.headers['retry-after'])).toBeGreaterThan(0);
    expect(quotaPolicies(last.headers)).toEqual({ read: { q: 600, w: 60 }, unauthenticated: { q: 60, w: 60 } });
    expect(serviceLimit(last.headers)).toMatchObject({ policy: 'unauthenticated', r: 0 });

    // A caller verified before keeps its own budget, from the same address.
    const served = await pets(app, alice);
    expect(served.statusCode).toBe(200);
    expect(serviceLimit(served.headers)).toMatchObject({ policy: 'read', r: 599 });
    // So does a new caller from another address; a new token from the flooded address waits for the window.
    const bob = bearer(await issuer.token({ scope: 'pets:read', subject: 'bob' }));
    expect((await pets(app, bob, '198.51.100.8')).statusCode).toBe(200);
    const carol = bearer(await issuer.token({ scope: 'pets:read', subject: 'carol' }));
    expect((await pets(app, carol)).statusCode).toBe(429);
    // Public operations and the probes are not in this budget.
    expect((await app.inject({ url: '/v1/smoke_test/', remoteAddress: FLOOD_ADDRESS })).statusCode).toBe(200);
    expect((await app.inject({ url: '/livez', remoteAddress: FLOOD_ADDRESS })).statusCode).toBe(200);
  });

  it('takes its budget from RATE_LIMIT_UNAUTHENTICATED_MAX, and verifies every token with 0', async () => {
    const issuer = await TestIssuer.start();
    closers.push(() => issuer.close());
    const limited = await realApp(issuer, { RATE_LIMIT_UNAUTHENTICATED_MAX: '5' });
    expect((await floodWithoutValidTokens(issuer, [(headers) => pets(limited, headers)], 20)).statuses).toEqual({
      401: 5,
      429: 15,
    });
    const unlimited = await realApp(issuer, { RATE_LIMIT_UNAUTHENTICATED_MAX: '0' });
    const { statuses, last } = await floodWithoutValidTokens(issuer, [(headers) => pets(unlimited, headers)], 100);
    expect(statuses).toEqual({ 401: 100 });
    expect(quotaPolicies(last.headers)).toEqual({ read: { q: 600, w: 60 } });
    expect(last.headers.ratelimit).toBeUndefined();
  });
});
