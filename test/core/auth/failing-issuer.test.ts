/**
 * An issuer that fails (hangs, or answers 500) is asked at most once per AUTH_JWKS_COOLDOWN_MS, whatever
 * key ids the tokens name and however many arrive at once: concurrent misses share one fetch, and during
 * the cooldown every token that needs the key set is refused at once instead of waiting for a timeout.
 * The issuer is a real HTTP server (test/helpers/auth.ts) that accepts connections and never answers, or
 * answers 500.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { createApp } from '../../../src/app.js';
import { bearer, TestIssuer, type JwksMode } from '../../helpers/auth.js';
import { guardedFeature } from '../../helpers/guarded-feature.js';
import { capturingLogger } from '../../helpers/logs.js';
import { testSettings } from '../../helpers/settings.js';

const TIMEOUT_MS = 1000;
const COOLDOWN_MS = 2500;
/** A refusal that did not wait for a fetch; well under TIMEOUT_MS. */
const AT_ONCE_MS = TIMEOUT_MS / 4;
const TOKENS = 20;
const KEYS_UNAVAILABLE = "The issuer's signing keys could not be fetched.";

let issuer: TestIssuer;
let app: FastifyInstance | undefined;

beforeEach(async () => {
  issuer = await TestIssuer.start();
});
afterEach(async () => {
  await app?.close();
  app = undefined;
  await issuer.close();
});

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The service trusting the test issuer (found by discovery), and the warnings it logs. */
async function startService(): Promise<{ app: FastifyInstance; fetchWarnings: () => number }> {
  const { logger, lines } = capturingLogger();
  const settings = testSettings(
    issuer.settings({
      AUTH_JWKS_TIMEOUT_MS: String(TIMEOUT_MS),
      AUTH_JWKS_COOLDOWN_MS: String(COOLDOWN_MS),
      RATE_LIMIT_READ_MAX: '0',
      RATE_LIMIT_WRITE_MAX: '0',
      // Every token here is one the service has not verified: counted per address, they would meet 429 first.
      RATE_LIMIT_UNAUTHENTICATED_MAX: '0',
    }),
  );
  app = createApp(settings, { features: [guardedFeature], logger });
  await app.ready();
  const fetchWarnings = () => lines.filter((line) => line.msg === "auth: could not fetch the issuer's keys").length;
  return { app, fetchWarnings };
}

/** Tokens that each name a key id the issuer never published. */
async function madeUpKidTokens(prefix: string): Promise<string[]> {
  const kids = Array.from({ length: TOKENS }, (_, index) => `${prefix}-${index}`);
  return Promise.all(kids.map((kid) => issuer.token({ scope: 'things:read', kid })));
}

/** Calls with the token; expects the "keys unavailable" 401 and returns how long it took. */
async function timedRefusal(service: FastifyInstance, token: string): Promise<number> {
  const started = performance.now();
  const response = await service.inject({ url: '/v1/things/', headers: bearer(token) });
  const took = performance.now() - started;
  expect(response.statusCode).toBe(401);
  expect(response.headers['www-authenticate']).toMatch(/^Bearer error="invalid_token"/);
  expect(response.json<{ detail: string }>().detail).toBe(KEYS_UNAVAILABLE);
  return took;
}

async function inARow(service: FastifyInstance, tokens: string[]): Promise<number[]> {
  const times: number[] = [];
  for (const token of tokens) times.push(await timedRefusal(service, token));
  return times;
}

describe.each([
  ['never answers', 'slow'],
  ['answers 500', 'error'],
] as const satisfies readonly (readonly [string, JwksMode])[])('an issuer that %s', (_case, mode) => {
  it('is asked once per cooldown while its keys are cached, whatever key ids arrive', async () => {
    const { app: service, fetchWarnings } = await startService();
    const good = await issuer.token({ scope: 'things:read' });
    expect((await service.inject({ url: '/v1/things/', headers: bearer(good) })).statusCode).toBe(200);
    // Past jose's own cooldown after that successful fetch: an unknown key id may fetch again.
    await pause(COOLDOWN_MS + 50);
    issuer.mode = mode;
    const [atOnce, afterwards, nextCooldown] = await Promise.all([
      madeUpKidTokens('at-once'),
      madeUpKidTokens('in-a-row'),
      madeUpKidTokens('next'),
    ]);

    const failedBy = Date.now() + TIMEOUT_MS;
    await Promise.all(atOnce.map((token) => timedRefusal(service, token)));
    expect(issuer.jwksRequests).toBe(2);
    for (const took of await inARow(service, afterwards)) expect(took).toBeLessThan(AT_ONCE_MS);
    expect(issuer.jwksRequests).toBe(2);
    expect(fetchWarnings()).toBe(1);

    // The cached keys still verify the issuer's real tokens, without a fetch.
    const another = await issuer.token({ scope: 'things:read', subject: 'user-2' });
    expect((await service.inject({ url: '/v1/things/', headers: bearer(another) })).statusCode).toBe(200);

    // The next cooldown: one more fetch, whose failure again holds the rest.
    await pause(failedBy + COOLDOWN_MS + 50 - Date.now());
    const [first = '', ...rest] = nextCooldown;
    await timedRefusal(service, first);
    for (const took of await inARow(service, rest)) expect(took).toBeLessThan(AT_ONCE_MS);
    expect(issuer.jwksRequests).toBe(3);
    expect(fetchWarnings()).toBe(2);
  });

  it('is asked once when the first requests arrive together, before any key is cached', async () => {
    const { app: service, fetchWarnings } = await startService();
    issuer.mode = mode;
    const tokens = await Promise.all(Array.from({ length: TOKENS }, () => issuer.token({ scope: 'things:read' })));
    await Promise.all(tokens.map((token) => timedRefusal(service, token)));
    expect(issuer.jwksRequests).toBe(1);
    expect(fetchWarnings()).toBe(1);
    for (const took of await inARow(service, tokens)) expect(took).toBeLessThan(AT_ONCE_MS);
    expect(issuer.jwksRequests).toBe(1);
  });
});
