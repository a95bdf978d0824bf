/**
 * The Pets routes on the service's own app (createApp, with its real error
 * handling), against a PostgreSQL database of this file's own (test/helpers/database.ts): every route, and
 * each error it answers.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../../../src/app.js';
import { feature } from '../../../../src/features/pets/v1/index.js';
import { asCaller, bearer, useTestIssuer } from '../../../helpers/auth.js';
import { useTestDatabase } from '../../../helpers/database.js';
import { unreachableDatabaseUrl } from '../../../helpers/unreachable-database.js';

const database = useTestDatabase();
const issuer = useTestIssuer();
const READ_SCOPE = 'pets:read';
const WRITE_SCOPE = 'pets:write';
/** Settings trusting the test issuer; rate limits off, as these tests are about the resource (see test/core/rate-limit). */
const settings = (env: Record<string, string> = {}) =>
  database.settings(issuer.settings({ RATE_LIMIT_READ_MAX: '0', RATE_LIMIT_WRITE_MAX: '0', ...env }));
// The version number is the module's own (index.ts), so a copy made by `feature version` tests itself.
const BASE = `/v${feature.version}/pets`;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const MISSING_ID = '00000000-0000-4000-8000-000000000000';

type Stored = Record<string, unknown> & { id: string; created_at: string; updated_at: string };

/** The app as a caller with both scopes sees it; `anonymous` is the same app, no token sent. */
let app: FastifyInstance;
let anonymous: FastifyInstance;

/** A valid body with every field; unique fields differ at each call, so records never collide. */
function sampleBody(): Record<string, unknown> {
  return {
    name: 'Rex',
    species: 'dog',
    birth_date: '2020-05-17',
    notes: 'Allergic to chicken.',
  };
}

/** A valid body with only the fields that must be given. */
function requiredBody(): Record<string, unknown> {
  return {
    name: 'Rex',
    species: 'dog',
  };
}

/** What the service stores for the fields a body leaves out: null, or the field's default. */
const FILLED: Record<string, unknown> = { birth_date: null, notes: null };
/** A body with a value each field refuses. */
const INVALID: Record<string, unknown> = {
  name: 12345,
  species: 'not-one-of-the-values',
  birth_date: 12345,
  notes: 12345,
};
/** A valid change to one field (a unique one differs at each call). */
function changes(): Record<string, unknown> {
  return { name: 'Other Rex' };
}

async function create(body = sampleBody()): Promise<{ record: Stored; etag: string }> {
  const response = await app.inject({ method: 'POST', url: `${BASE}/`, payload: body });
  expect(response.statusCode, response.body).toBe(201);
  return { record: response.json<Stored>(), etag: String(response.headers.etag) };
}

/** PATCH of a record, with If-Match when `ifMatch` is given. */
function patch(id: string, payload: Record<string, unknown>, ifMatch?: string) {
  const headers = ifMatch === undefined ? {} : { 'if-match': ifMatch };
  return app.inject({ method: 'PATCH', url: `${BASE}/${id}`, headers, payload });
}

interface Answer {
  readonly statusCode: number;
  readonly headers: Record<string, unknown>;
  json(): unknown;
}

function expectProblem(response: Answer, status: number): void {
  expect(response.statusCode).toBe(status);
  expect(response.headers['content-type']).toBe('application/problem+json');
  expect(response.json()).toMatchObject({ type: 'about:blank', status });
}

beforeAll(async () => {
  anonymous = createApp(settings(), { features: [feature] });
  app = asCaller(anonymous, await issuer.token({ scope: `${READ_SCOPE} ${WRITE_SCOPE}` }));
  await app.ready();
});

afterAll(() => app.close());

describe(`Pets v${feature.version}: records`, () => {
  it('creates a record: 201 with it, its Location and ETag; reading it answers the same', async () => {
    const body = sampleBody();
    const response = await app.inject({ method: 'POST', url: `${BASE}/`, payload: body });

    expect(response.statusCode).toBe(201);
    expect(response.headers['content-type']).toBe('application/json');
    const record = response.json<Stored>();
    expect(record).toMatchObject(body);
    expect(record.id).toMatch(UUID);
    expect(record.updated_at).toBe(record.created_at);
    expect(Date.parse(record.created_at)).not.toBeNaN();
    expect(response.headers.location).toBe(`${BASE}/${record.id}`);
    expect(response.headers.etag).toBe('"1"');

    const read = await app.inject({ method: 'GET', url: `${BASE}/${record.id}` });
    expect(read.statusCode).toBe(200);
    expect(read.json()).toEqual(record);
    expect(read.headers.etag).toBe(response.headers.etag);
  });

  it('stores null or the default for the fields a body leaves out', async () => {
    const { record } = await create(requiredBody());
    expect(record).toMatchObject(FILLED);
  });

  it('lists every record once, oldest first, through pages of `limit` linked by next_cursor', async () => {
    const created = [await create(), await create(), await create()].map(({ record }) => record.id);
    const seen: Stored[] = [];
    let pages = 0;
    let cursor: string | null = null;
    do {
      const query: string = cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`;
      const response = await app.inject({ method: 'GET', url: `${BASE}/?limit=2${query}` });
      expect(response.statusCode, response.body).toBe(200);
      const page = response.json<{ items: Stored[]; next_cursor: string | null }>();
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items);
      cursor = page.next_cursor;
      pages += 1;
    } while (cursor !== null && pages < 1000);

    expect(pages).toBeGreaterThanOrEqual(2);
    const ids = seen.map((record) => record.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.filter((id) => created.includes(id))).toEqual(created);
    const order = seen.map((record) => `${record.created_at} ${record.id}`);
    expect(order).toEqual([...order].sort());
  });

  it('filters a list by equality on name', async () => {
    const { record: match } = await create();
    const { record: other } = await create({ ...sampleBody(), name: 'Other Rex' });
    const query = new URLSearchParams({ name: String(match.name), limit: '100' });
    const response = await app.inject({ method: 'GET', url: `${BASE}/?${query.toString()}` });

    expect(response.statusCode, response.body).toBe(200);
    const items = response.json<{ items: Stored[] }>().items;
    expect(items.map((item) => item.id)).toContain(match.id);
    expect(items.map((item) => item.id)).not.toContain(other.id);
    expect(items.every((item) => item.name === match.name)).toBe(true);
  });

  it('changes a record with the ETag it was read with: 200, the change, a new ETag', async () => {
    const { record, etag } = await create();
    const change = changes();
    const response = await patch(record.id, change, etag);

    expect(response.statusCode, response.body).toBe(200);
    const changed = response.json<Stored>();
    expect(changed).toEqual({ ...record, ...change, updated_at: changed.updated_at });
    expect(Date.parse(changed.updated_at)).toBeGreaterThanOrEqual(Date.parse(record.updated_at));
    expect(response.headers.etag).toBe('"2"');
    expect((await app.inject({ method: 'GET', url: `${BASE}/${record.id}` })).json()).toEqual(changed);
  });

  it('refuses a change with a stale ETag (412) or none (428), and keeps the record as it was', async () => {
    const { record, etag } = await create();
    const first = await patch(record.id, changes(), etag);
    expect(first.statusCode, first.body).toBe(200);
    const current = (await app.inject({ method: 'GET', url: `${BASE}/${record.id}` })).json<Stored>();

    const stale = await patch(record.id, changes(), etag);
    expectProblem(stale, 412);
    const missing = await patch(record.id, changes());
    expectProblem(missing, 428);
    expect((await app.inject({ method: 'GET', url: `${BASE}/${record.id}` })).json()).toEqual(current);
  });

  it('deletes a record with its ETag (204); it is gone after', async () => {
    const { record, etag } = await create();
    const response = await app.inject({ method: 'DELETE', url: `${BASE}/${record.id}`, headers: { 'if-match': etag } });

    expect(response.statusCode).toBe(204);
    expect(response.body).toBe('');
    expectProblem(await app.inject({ method: 'GET', url: `${BASE}/${record.id}` }), 404);
  });

  it('refuses a delete with a stale ETag (412) or none (428), and keeps the record', async () => {
    const { record } = await create();
    expectProblem(
      await app.inject({ method: 'DELETE', url: `${BASE}/${record.id}`, headers: { 'if-match': '"7"' } }),
      412,
    );
    expectProblem(await app.inject({ method: 'DELETE', url: `${BASE}/${record.id}` }), 428);
    expect((await app.inject({ method: 'GET', url: `${BASE}/${record.id}` })).statusCode).toBe(200);
  });

  it('answers 404 for an id no record has, on read, change and delete', async () => {
    const any = { 'if-match': '*' };
    expectProblem(await app.inject({ method: 'GET', url: `${BASE}/${MISSING_ID}` }), 404);
    expectProblem(await patch(MISSING_ID, changes(), '*'), 404);
    expectProblem(await app.inject({ method: 'DELETE', url: `${BASE}/${MISSING_ID}`, headers: any }), 404);
  });
});

describe(`Pets v${feature.version}: bad requests answer 400 with one entry per invalid field`, () => {
  const pointers = (response: Answer): string[] =>
    (response.json() as { errors: { in: string; pointer: string }[] }).errors
      .map((error) => `${error.in} ${error.pointer}`)
      .sort();
  const everyField = Object.keys(INVALID)
    .map((name) => `body /${name}`)
    .sort();

  it('names every invalid field of a POST body', async () => {
    const response = await app.inject({ method: 'POST', url: `${BASE}/`, payload: INVALID });
    expectProblem(response, 400);
    expect(pointers(response)).toEqual(everyField);
  });

  it('names every invalid field of a PATCH body', async () => {
    const { record, etag } = await create();
    const response = await patch(record.id, INVALID, etag);
    expectProblem(response, 400);
    expect(pointers(response)).toEqual(everyField);
  });

  it('names an unknown field, an id that is not a UUID, a bad limit and a bad cursor', async () => {
    const unknown = await app.inject({
      method: 'POST',
      url: `${BASE}/`,
      payload: { ...sampleBody(), no_such_field: 1 },
    });
    expectProblem(unknown, 400);
    expect(pointers(unknown)).toEqual(['body /no_such_field']);

    const id = await app.inject({ method: 'GET', url: `${BASE}/not-a-uuid` });
    expectProblem(id, 400);
    expect(pointers(id)).toEqual(['path /id']);

    const limit = await app.inject({ method: 'GET', url: `${BASE}/?limit=0` });
    expectProblem(limit, 400);
    expect(pointers(limit)).toEqual(['query /limit']);

    const cursor = await app.inject({ method: 'GET', url: `${BASE}/?cursor=bm90LWEtY3Vyc29y` });
    expectProblem(cursor, 400);
    expect(pointers(cursor)).toEqual(['query /cursor']);
  });
});

describe(`Pets v${feature.version}: the database unreachable`, () => {
  it('answers 503 with Retry-After, not a 500 or a hang', async () => {
    const down = asCaller(
      createApp(
        settings({
          NODE_ENV: 'production',
          DATABASE_URL: await unreachableDatabaseUrl(),
          DATABASE_CONNECT_TIMEOUT_MS: '2000',
        }),
        { features: [feature] },
      ),
      await issuer.token({ scope: `${READ_SCOPE} ${WRITE_SCOPE}` }),
    );
    try {
      await down.ready();
      for (const request of [
        { method: 'GET' as const, url: `${BASE}/` },
        { method: 'POST' as const, url: `${BASE}/`, payload: sampleBody() },
      ]) {
        const response = await down.inject(request);
        expectProblem(response, 503);
        expect(Number(response.headers['retry-after'])).toBeGreaterThan(0);
      }
    } finally {
      await down.close();
    }
  });
});

describe(`Pets v${feature.version}: who may call`, () => {
  it('answers 401 with a Bearer challenge when no token is sent, to reads and writes', async () => {
    for (const request of [
      { method: 'GET' as const, url: `${BASE}/` },
      { method: 'GET' as const, url: `${BASE}/${MISSING_ID}` },
      { method: 'POST' as const, url: `${BASE}/`, payload: sampleBody() },
      { method: 'DELETE' as const, url: `${BASE}/${MISSING_ID}` },
    ]) {
      const response = await anonymous.inject(request);
      expectProblem(response, 401);
      expect(response.headers['www-authenticate']).toBe('Bearer');
    }
  });

  it('answers 403 insufficient_scope to a token without the scope, and serves the scope it has', async () => {
    const reader = bearer(await issuer.token({ scope: READ_SCOPE }));
    const writer = bearer(await issuer.token({ scope: WRITE_SCOPE }));
    const write = await anonymous.inject({ method: 'POST', url: `${BASE}/`, payload: sampleBody(), headers: reader });
    expectProblem(write, 403);
    expect(write.headers['www-authenticate']).toBe(`Bearer error="insufficient_scope", scope="${WRITE_SCOPE}"`);
    const read = await anonymous.inject({ method: 'GET', url: `${BASE}/`, headers: writer });
    expectProblem(read, 403);
    expect(read.headers['www-authenticate']).toBe(`Bearer error="insufficient_scope", scope="${READ_SCOPE}"`);
    expect((await anonymous.inject({ method: 'GET', url: `${BASE}/`, headers: reader })).statusCode).toBe(200);
  });
});
