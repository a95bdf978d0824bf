/**
 * Hostile tokens and a misbehaving issuer: every case answers 401 (never 500, never a hang), and no token
 * can make the service fetch the issuer's keys on every request.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { base64url, SignJWT } from 'jose';
import { createApp } from '../../../src/app.js';
import { MAX_TOKEN_BYTES } from '../../../src/core/auth/bearer-token.js';
import { bearer, TEST_AUDIENCE, TestIssuer } from '../../helpers/auth.js';
import { freePort } from '../../../bench/lib/ports.js';
import { guardedFeature } from '../../helpers/guarded-feature.js';
import { testSettings } from '../../helpers/settings.js';

let issuer: TestIssuer;
let apps: FastifyInstance[] = [];

beforeEach(async () => {
  issuer = await TestIssuer.start();
});
afterEach(async () => {
  for (const app of apps) await app.close();
  apps = [];
  await issuer.close();
});

async function service(env: Record<string, string> = {}): Promise<FastifyInstance> {
  const settings = testSettings(issuer.settings({ RATE_LIMIT_READ_MAX: '0', RATE_LIMIT_WRITE_MAX: '0', ...env }));
  const app = createApp(settings, { features: [guardedFeature] });
  apps.push(app);
  await app.ready();
  return app;
}

async function refusal(app: FastifyInstance, token: string): Promise<string> {
  const response = await app.inject({ url: '/v1/things/', headers: bearer(token) });
  expect(response.statusCode).toBe(401);
  expect(response.headers['www-authenticate']).toMatch(/^Bearer error="invalid_token"/);
  return response.json<{ detail: string }>().detail;
}

const encode = (value: object) => base64url.encode(JSON.stringify(value));
const claims = () => {
  const now = Math.floor(Date.now() / 1000);
  return { iss: issuer.issuer, aud: TEST_AUDIENCE, sub: 'mallory', scope: 'things:read', iat: now, exp: now + 300 };
};

describe('hostile tokens', () => {
  it('refuses a truncated token', async () => {
    const app = await service();
    const token = await issuer.token({ scope: 'things:read' });
    expect(await refusal(app, token.slice(0, -10))).toBe("The token's signature is not valid.");
    expect(await refusal(app, token.slice(0, token.lastIndexOf('.')))).toBe('The token is not a compact JWT.');
  });

  it(`refuses a token over ${MAX_TOKEN_BYTES} bytes before parsing it (no key is fetched)`, async () => {
    const app = await service();
    const huge = `${encode({ alg: 'RS256', kid: 'key-0' })}.${encode({ ...claims(), pad: 'x'.repeat(9000) })}.c2ln`;
    expect(await refusal(app, huge)).toBe(`The token is larger than ${MAX_TOKEN_BYTES} bytes.`);
    expect(issuer.jwksRequests).toBe(0);
  });

  it('refuses alg "none"', async () => {
    const app = await service();
    const unsigned = `${encode({ alg: 'none', typ: 'JWT' })}.${encode(claims())}.`;
    expect(await refusal(app, unsigned)).toBe("The token's algorithm is not accepted.");
  });

  it('refuses HS256 signed with the public key as the secret (algorithm confusion)', async () => {
    const app = await service();
    const secret = new TextEncoder().encode(await issuer.publicKeyPem());
    const forged = await new SignJWT(claims()).setProtectedHeader({ alg: 'HS256', kid: 'key-0' }).sign(secret);
    expect(await refusal(app, forged)).toBe("The token's algorithm is not accepted.");
    expect(issuer.jwksRequests).toBe(0);
  });

  it('refuses an algorithm the key is not for (PS256 under an RS256 key id)', async () => {
    const app = await service();
    const header = { alg: 'PS256', kid: 'key-0' };
    const token = await issuer.token({ scope: 'things:read' });
    const [, payload, signature] = token.split('.');
    expect(await refusal(app, `${encode(header)}.${payload ?? ''}.${signature ?? ''}`)).toBe(
      'No signing key of the issuer matches the token.',
    );
  });

  it('refuses a token signed by a key the issuer never published, fetching at most once per cooldown', async () => {
    const app = await service();
    await app.inject({ url: '/v1/things/', headers: bearer(await issuer.token({ scope: 'things:read' })) });
    expect(issuer.jwksRequests).toBe(1);
    for (let attempt = 0; attempt < 20; attempt += 1) {
      const forced = await issuer.token({ scope: 'things:read', kid: `made-up-${attempt}` });
      expect(await refusal(app, forced)).toBe('No signing key of the issuer matches the token.');
    }
    // The JWKS was just fetched: a 30 s cooldown (the default) allows no refetch for unknown key ids.
    expect(issuer.jwksRequests).toBe(1);
  });
});

describe('a misbehaving issuer', () => {
  const KEYS_UNAVAILABLE = "The issuer's signing keys could not be fetched.";

  it('answers 401 when nothing listens at the JWKS URL', async () => {
    const app = await service({ AUTH_JWKS_URL: `http://127.0.0.1:${await freePort()}/jwks.json` });
    expect(await refusal(app, await issuer.token({ scope: 'things:read' }))).toBe(KEYS_UNAVAILABLE);
  });

  it.each([
    ['answers 500', 'error'],
    ['answers garbage', 'garbage'],
    ['never answers (the fetch times out)', 'slow'],
  ] as const)('answers 401 when the JWKS %s, and does not ask again within the cooldown', async (_case, mode) => {
    const app = await service({ AUTH_JWKS_TIMEOUT_MS: '300' });
    issuer.mode = mode;
    const token = await issuer.token({ scope: 'things:read' });
    expect(await refusal(app, token)).toBe(KEYS_UNAVAILABLE);
    expect(await refusal(app, token)).toBe(KEYS_UNAVAILABLE);
    expect(issuer.jwksRequests).toBe(1);
  });

  it('refuses a discovery document that names another issuer', async () => {
    const app = await service({ AUTH_ISSUER: `${issuer.issuer}/` });
    const token = await issuer.token({ scope: 'things:read', issuer: `${issuer.issuer}/` });
    expect(await refusal(app, token)).toBe(KEYS_UNAVAILABLE);
    expect(issuer.jwksRequests).toBe(0);
  });

  it('recovers once the issuer answers again after the cooldown', async () => {
    const app = await service({ AUTH_JWKS_COOLDOWN_MS: '100' });
    issuer.mode = 'error';
    const token = await issuer.token({ scope: 'things:read' });
    await refusal(app, token);
    issuer.mode = 'ok';
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect((await app.inject({ url: '/v1/things/', headers: bearer(token) })).statusCode).toBe(200);
  });
});

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Calls with a token, then rotates the issuer's key and calls with a token of the new key (which makes the
 * service fetch the JWKS again); returns the first token, whose key the JWKS no longer has, and a time by
 * which it had been verified.
 */
async function tokenOfWithdrawnKey(app: FastifyInstance): Promise<{ before: string; verifiedBy: number }> {
  const before = await issuer.token({ scope: 'things:read' });
  expect((await app.inject({ url: '/v1/things/', headers: bearer(before) })).statusCode).toBe(200);
  const verifiedBy = Date.now();
  await issuer.rotate();
  await pause(150);
  const after = await issuer.token({ scope: 'things:read' });
  expect((await app.inject({ url: '/v1/things/', headers: bearer(after) })).statusCode).toBe(200);
  expect(issuer.jwksRequests).toBe(2);
  return { before, verifiedBy };
}

describe('key rotation', () => {
  it("accepts the issuer's new key without a restart, and drops the old one", async () => {
    const app = await service({ AUTH_JWKS_COOLDOWN_MS: '100', AUTH_TOKEN_CACHE_TTL_MS: '0' });
    const { before } = await tokenOfWithdrawnKey(app);
    expect(await refusal(app, before)).toBe('No signing key of the issuer matches the token.');
  });

  it('keeps accepting a token verified before its key was withdrawn until its cache entry ends', async () => {
    // A TTL long enough for the rotation to happen within it on a loaded machine; the wait ends past it.
    const ttlMs = 3000;
    const app = await service({ AUTH_JWKS_COOLDOWN_MS: '100', AUTH_TOKEN_CACHE_TTL_MS: String(ttlMs) });
    const { before, verifiedBy } = await tokenOfWithdrawnKey(app);
    expect((await app.inject({ url: '/v1/things/', headers: bearer(before) })).statusCode).toBe(200);
    await pause(verifiedBy + ttlMs + 50 - Date.now());
    expect(await refusal(app, before)).toBe('No signing key of the issuer matches the token.');
  });
});

describe('remembered tokens', () => {
  it('stops accepting a remembered token at its exp, whatever the cache TTL', async () => {
    const app = await service({ AUTH_CLOCK_TOLERANCE_S: '0', AUTH_TOKEN_CACHE_TTL_MS: '3600000' });
    const token = await issuer.token({ scope: 'things:read', ttlS: 2 });
    expect((await app.inject({ url: '/v1/things/', headers: bearer(token) })).statusCode).toBe(200);
    const { exp } = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()) as { exp: number };
    await pause(exp * 1000 - Date.now() + 50);
    expect(await refusal(app, token)).toBe('The token has expired.');
  });

  it('remembers a verified token, not its scopes for another operation', async () => {
    const app = await service();
    const token = await issuer.token({ scope: 'things:read' });
    expect((await app.inject({ url: '/v1/things/', headers: bearer(token) })).statusCode).toBe(200);
    const write = await app.inject({ method: 'POST', url: '/v1/things/', headers: bearer(token) });
    expect(write.statusCode).toBe(403);
  });
});
