/**
 * The database goes away and comes back: a real PostgreSQL server of this file's own is stopped in the
 * middle of the run, then started again on the same port, and the service recovers without a restart.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../../src/app.js';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../../../src/core/database/embedded.js';
import { problem } from '../../../src/core/errors/problem.js';
import { NOTES_FEATURES_ROOT, notesFeature } from '../../helpers/notes-feature.js';
import { testSettings } from '../../helpers/settings.js';

let dataRoot: string;
let server: EmbeddedPostgres | undefined;
let app: FastifyInstance;

const start = (port?: number) =>
  startEmbeddedPostgres({ dataDir: join(dataRoot, 'data'), persistent: true, fast: true, ...(port ? { port } : {}) });

/** Polls /readyz (each answer bounded by the health check's timeout) until it says `status`, for at most 20 s. */
async function readyzBecomes(status: number): Promise<void> {
  for (let attempt = 0; attempt < 40; attempt += 1) {
    if ((await app.inject('/readyz')).statusCode === status) return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`/readyz never answered ${status}`);
}

beforeAll(async () => {
  dataRoot = mkdtempSync(join(tmpdir(), 'petsage-outage-'));
  server = await start();
  app = createApp(testSettings({ DATABASE_URL: server.url, RETRY_AFTER_S: '3', DATABASE_CONNECT_TIMEOUT_MS: '2000' }), {
    features: [notesFeature],
    featuresRoot: NOTES_FEATURES_ROOT,
  });
  await app.ready();
}, 60_000);

afterAll(async () => {
  await app.close();
  await server?.stop();
  rmSync(dataRoot, { recursive: true, force: true });
});

describe('a database outage', () => {
  it('answers 503 problem documents with Retry-After while the server is down, and recovers when it is back', async () => {
    const created = await app.inject({ method: 'POST', url: '/v1/notes/', payload: { title: 'kept' } });
    expect(created.statusCode).toBe(201);
    const { id } = created.json<{ id: string }>();
    const port = (server as EmbeddedPostgres).port;

    await (server as EmbeddedPostgres).stop();
    server = undefined;

    for (const request of [
      { method: 'GET' as const, url: `/v1/notes/${id}` },
      { method: 'POST' as const, url: '/v1/notes/', payload: { title: 'during the outage' } },
    ]) {
      const response = await app.inject(request);
      expect(response.statusCode).toBe(503);
      expect(response.headers['retry-after']).toBe('3');
      expect(response.json()).toEqual(problem(503, 'The database is unavailable; retry later.'));
    }
    await readyzBecomes(503);
    expect((await app.inject('/livez')).statusCode).toBe(200);

    server = await start(port);
    await readyzBecomes(200);
    const read = await app.inject(`/v1/notes/${id}`);
    expect(read.statusCode).toBe(200);
    expect(read.json()).toMatchObject({ title: 'kept' });
    expect((await app.inject({ method: 'POST', url: '/v1/notes/', payload: { title: 'after' } })).statusCode).toBe(201);
  }, 60_000);
});
