/** createApp with a feature that uses the database, against a real PostgreSQL server. */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../../src/app.js';
import { problem } from '../../../src/core/errors/problem.js';
import { feature as smokeTest } from '../../../src/features/smoke_test/v1/index.js';
import { useTestDatabase } from '../../helpers/database.js';
import { NOTES_FEATURES_ROOT, notesFeature } from '../../helpers/notes-feature.js';
import { testSettings } from '../../helpers/settings.js';

const database = useTestDatabase();

function notesApp(env: Record<string, string> = {}): FastifyInstance {
  return createApp(database.settings({ RETRY_AFTER_S: '7', DATABASE_STATEMENT_TIMEOUT_MS: '300', ...env }), {
    features: [notesFeature],
    featuresRoot: NOTES_FEATURES_ROOT,
  });
}

/** The answer while the database cannot serve: 503, the app's Retry-After, and the problem document. */
function expectDatabaseUnavailable(response: LightMyRequestResponse): void {
  expect(response.statusCode).toBe(503);
  expect(response.headers['retry-after']).toBe('7');
  expect(response.json()).toEqual(problem(503, 'The database is unavailable; retry later.'));
}

async function metric(app: FastifyInstance, line: RegExp): Promise<number> {
  const text = await app.metricsRegistry.metrics();
  const found = text.split('\n').find((candidate) => line.test(candidate));
  return Number(found?.split(' ').at(-1) ?? NaN);
}

describe('a service whose features use no database', () => {
  it('has no app.db', async () => {
    const app = createApp(testSettings(), { features: [smokeTest] });
    await app.ready();
    expect(app.hasDecorator('db')).toBe(false);
    await app.close();
  });
});

describe('a service with a feature that uses the database', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = notesApp();
    await app.ready();
  });
  afterAll(() => app.close());

  it('migrates at start-up and serves the feature from the database', async () => {
    const created = await app.inject({ method: 'POST', url: '/v1/notes/', payload: { title: 'first' } });
    expect(created.statusCode).toBe(201);
    const { id } = created.json<{ id: string }>();
    const read = await app.inject(`/v1/notes/${id}`);
    expect(read.json()).toEqual({ id, title: 'first', body: '' });
  });

  it('answers a unique violation with 409 naming the field, and nothing of the SQL or the value', async () => {
    await app.inject({ method: 'POST', url: '/v1/notes/', payload: { title: 'twice' } });
    const again = await app.inject({ method: 'POST', url: '/v1/notes/', payload: { title: 'twice' } });
    expect(again.statusCode).toBe(409);
    expect(again.headers['content-type']).toBe('application/problem+json');
    expect(again.json()).toEqual(problem(409, 'A record with this title already exists.'));
  });

  it('answers a statement past the statement timeout with 503 and Retry-After, not a 500', async () => {
    expectDatabaseUnavailable(await app.inject('/v1/notes/sleep/5'));
  });

  it('answers any other SQL error with a bare 500 that says nothing of the SQL', async () => {
    const broken = await app.inject('/v1/notes/broken');
    expect(broken.statusCode).toBe(500);
    expect(broken.json()).toEqual(problem(500, 'The server could not complete the request.'));
  });

  it('is ready while the database answers', async () => {
    expect((await app.inject('/readyz')).json()).toEqual({ status: 'ready' });
  });

  it('asks the database once for a storm of readiness probes', async () => {
    await new Promise((resolve) => setTimeout(resolve, 1100)); // past the cached answer
    const queries = /^db_queries_total\{outcome="ok"\}/;
    const before = await metric(app, queries);
    const answers = await Promise.all(Array.from({ length: 50 }, () => app.inject('/readyz')));
    expect(answers.every((answer) => answer.statusCode === 200)).toBe(true);
    expect((await metric(app, queries)) - before).toBe(1);
  });

  it('reports its pool and queries on /metrics', async () => {
    expect(await metric(app, /^db_pool_connections\{state="total"\}/)).toBeGreaterThanOrEqual(1);
    expect(await metric(app, /^db_pool_connections\{state="waiting"\}/)).toBe(0);
    expect(await metric(app, /^db_queries_total\{outcome="error"\}/)).toBeGreaterThanOrEqual(2);
    expect(await metric(app, /^db_query_duration_seconds_count\{outcome="ok"\}/)).toBeGreaterThanOrEqual(3);
  });

  it('stays ready while every connection of its pool is busy: readiness has a connection of its own', async () => {
    const busy = notesApp({ DATABASE_POOL_SIZE: '1', DATABASE_STATEMENT_TIMEOUT_MS: '3000' });
    await busy.ready();
    try {
      const holding = busy.inject('/v1/notes/sleep/10'); // holds the one connection for the statement timeout
      await new Promise((resolve) => setTimeout(resolve, 200));
      const ready = await busy.inject('/readyz');
      expect(ready.statusCode).toBe(200);
      expectDatabaseUnavailable(await holding);
    } finally {
      await busy.close();
    }
  });

  it('closes its pool when the app closes', async () => {
    const closing = notesApp();
    await closing.ready();
    await closing.inject('/readyz');
    await closing.close();
    await expect(closing.db.selectNoFrom((eb) => eb.lit(1).as('one')).execute()).rejects.toThrow(/destroy|end/i);
  });
});

describe('a service whose database is unreachable', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    // Production does not migrate at start-up, so it starts, and answers while the database is away.
    app = notesApp({ NODE_ENV: 'production', DATABASE_URL: 'postgres://nobody:x@127.0.0.1:1/none' });
    await app.ready();
  });
  afterAll(() => app.close());

  it('answers requests that need it with 503 problem documents and Retry-After', async () => {
    expectDatabaseUnavailable(await app.inject({ method: 'POST', url: '/v1/notes/', payload: { title: 'lost' } }));
  });

  it('is not ready, and still live', async () => {
    const ready = await app.inject('/readyz');
    expect(ready.statusCode).toBe(503);
    expect(ready.json()).toEqual(problem(503, 'The database is unreachable.'));
    expect((await app.inject('/livez')).statusCode).toBe(200);
  });
});
