/**
 * Rate limits shared across replicas through a real Redis server (started by the test), and what happens
 * when it goes away: requests pass uncounted (never a 500), logged and counted in a metric.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { createApp } from '../../../src/app.js';
import { freePort } from '../../../bench/lib/ports.js';
import { capturingLogger } from '../../helpers/logs.js';
import { startRedis, type RedisServer } from '../../helpers/redis.js';
import { testSettings } from '../../helpers/settings.js';

let apps: FastifyInstance[] = [];
let redis: RedisServer | undefined;
afterEach(async () => {
  for (const app of apps) await app.close();
  apps = [];
  await redis?.stop();
  redis = undefined;
});

async function replica(env: Record<string, string>, logger = capturingLogger().logger): Promise<FastifyInstance> {
  const app = createApp(testSettings({ RATE_LIMIT_READ_MAX: '3', ...env }), { logger });
  apps.push(app);
  await app.ready();
  return app;
}

const smoke = (app: FastifyInstance, remoteAddress = '10.1.1.1') =>
  app.inject({ url: '/v1/smoke_test/', remoteAddress });

/** Waits for the replica's Redis client to connect: until then requests pass uncounted (full budget left). */
async function connected(app: FastifyInstance): Promise<void> {
  const warmUp = `10.9.9.${apps.indexOf(app)}`;
  await expect.poll(async () => (await smoke(app, warmUp)).headers['ratelimit-remaining']).not.toBe('3');
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
    expect((await smoke(first)).headers['ratelimit-remaining']).toBe('2');
    expect((await smoke(second)).headers['ratelimit-remaining']).toBe('1');
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
    expect((await smoke(app)).headers['ratelimit-remaining']).toBe('2');
    expect(await storeErrors(app)).toBe(0);

    await redis.stop();
    for (let attempt = 0; attempt < 5; attempt += 1) expect((await smoke(app)).statusCode).toBe(200);
    expect(await storeErrors(app)).toBeGreaterThanOrEqual(5);
    expect(logs.lines.some((line) => line.msg === 'rate limit: Redis failed, requests pass uncounted')).toBe(true);
  });

  it('serves from the start when Redis was never reachable', async () => {
    const app = await replica({ REDIS_URL: `redis://127.0.0.1:${await freePort()}` });
    for (let attempt = 0; attempt < 5; attempt += 1) expect((await smoke(app)).statusCode).toBe(200);
    expect(await storeErrors(app)).toBeGreaterThanOrEqual(5);
  });
});
