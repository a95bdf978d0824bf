/**
 * Rate limits shared across replicas through a real Redis server (started by the test), and what happens
 * when it goes away: requests pass uncounted (never a 500), logged and counted in a metric.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { createApp } from '../../../src/app.js';
import { freePort } from '../../../bench/lib/ports.js';
import { bearer, TestIssuer } from '../../helpers/auth.js';
import { capturingLogger } from '../../helpers/logs.js';
import { serviceLimit } from '../../helpers/rate-limit-fields.js';
import { startRedis, type RedisServer } from '../../helpers/redis.js';
import { testSettings } from '../../helpers/settings.js';
import { FLOOD_ADDRESS, floodWithoutValidTokens } from '../../helpers/token-flood.js';

let apps: FastifyInstance[] = [];
let redis: RedisServer | undefined;
let issuer: TestIssuer | undefined;
afterEach(async () => {
  for (const app of apps) await app.close();
  apps = [];
  await redis?.stop();
  redis = undefined;
  await issuer?.close();
  issuer = undefined;
});

async function replica(env: Record<string, string>, logger = capturingLogger().logger): Promise<FastifyInstance> {
  const app = createApp(testSettings({ RATE_LIMIT_READ_MAX: '3', ...env }), { logger });
  apps.push(app);
  await app.ready();
  return app;
}

const smoke = (app: FastifyInstance, remoteAddress = '10.1.1.1') =>
  app.inject({ url: '/v1/smoke_test/', remoteAddress });

/** Waits for the replica's Redis client to connect: until then requests pass uncounted (no RateLimit field). */
async function connected(app: FastifyInstance): Promise<void> {
  const warmUp = `10.9.9.${apps.indexOf(app)}`;
  await expect.poll(async () => serviceLimit((await smoke(app, warmUp)).headers)).toBeDefined();
}

async function storeErrors(app: FastifyInstance): Promise<number> {
  const text = await app.metricsRegistry.metrics();
  return Number(/^rate_limit_store_errors_total (\d+)$/m.exec(text)?.[1]);
}

describe('rate limits on Redis', () => {
  it('holds one budget across replicas', async () => {
    redis = await startRedis();
    const [first, second] = [await replica({ REDIS_URL: redis.url }), await replica({ REDIS_URL: redis.url })];
    await connected(first);
    await connected(second);
    expect(serviceLimit((await smoke(first)).headers)?.r).toBe(2);
    expect(serviceLimit((await smoke(second)).headers)?.r).toBe(1);
    expect((await smoke(first)).statusCode).toBe(200);
    const refused = await smoke(second);
    expect(refused.statusCode).toBe(429);
    expect(refused.headers['content-type']).toBe('application/problem+json');
  });

  it('keeps serving when Redis dies, logging it and counting the uncounted requests', async () => {
    redis = await startRedis();
    const logs = capturingLogger();
    const app = await replica({ REDIS_URL: redis.url }, logs.logger);
    await connected(app);
    expect(serviceLimit((await smoke(app)).headers)?.r).toBe(2);
    expect(await storeErrors(app)).toBe(0);

    await redis.stop();
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const passed = await smoke(app);
      expect(passed.statusCode).toBe(200);
      // The policy still holds; how much of it is left is unknown, so not said.
      expect(passed.headers['ratelimit-policy']).toBe('"read";q=3;w=60');
      expect(passed.headers.ratelimit).toBeUndefined();
      expect(passed.headers['ratelimit-remaining']).toBeUndefined();
    }
    expect(await storeErrors(app)).toBeGreaterThanOrEqual(5);
    expect(logs.lines.some((line) => line.msg === 'rate limit: Redis failed, requests pass uncounted')).toBe(true);
  });

  it('serves from the start when Redis was never reachable', async () => {
    const app = await replica({ REDIS_URL: `redis://127.0.0.1:${await freePort()}` });
    for (let attempt = 0; attempt < 5; attempt += 1) expect((await smoke(app)).statusCode).toBe(200);
    expect(await storeErrors(app)).toBeGreaterThanOrEqual(5);
  });

  it('meets a flood of 1,500 requests without a valid token, spread over two replicas, with one shared budget', async () => {
    redis = await startRedis();
    issuer = await TestIssuer.start();
    const env = issuer.settings({ REDIS_URL: redis.url, RATE_LIMIT_UNAUTHENTICATED_MAX: '40' });
    const replicas = [await replica(env), await replica(env)];
    for (const app of replicas) await connected(app);
    const alice = bearer(await issuer.token({ scope: 'pets:read', subject: 'alice' }));
    const pets = (app: FastifyInstance, headers: Record<string, string>) =>
      app.inject({ url: '/v1/pets/', headers, remoteAddress: FLOOD_ADDRESS });
    // Verified on both before the flood: each first request took one unit of the shared 40.
    for (const app of replicas) expect((await pets(app, alice)).statusCode).toBe(200);

    const { statuses, last } = await floodWithoutValidTokens(
      issuer,
      replicas.map((app) => (headers: Record<string, string>) => pets(app, headers)),
    );
    expect(statuses).toEqual({ 401: 38, 429: 1462 });
    expect(serviceLimit(last.headers)).toMatchObject({ policy: 'unauthenticated', r: 0 });
    for (const app of replicas) {
      const served = await pets(app, alice);
      expect(served.statusCode).toBe(200);
      expect(serviceLimit(served.headers)?.policy).toBe('read');
    }
  });
});
