/**
 * The resource engine (src/core/resource/routes.ts), once for every resource: on the gadgets declaration
 * (a field of every kind, test/helpers/gadgets-resource.ts), served by the real app on a real database.
 * Records, pages, filters, preconditions, per-field errors, unique values, business rules, custom routes,
 * a version exposing less, the database away, and who may call. A resource's own tests cover only its
 * fields and rules.
 */
import { describe, expect, it } from 'vitest';
import { createApp } from '../../../src/app.js';
import { bearer, asCaller } from '../../helpers/auth.js';
import { GADGET_SCOPES, GADGETS_FEATURES_ROOT, gadgetsFeature } from '../../helpers/gadgets-resource.js';
import { expectProblem, pointers, useResourceApp, type Stored } from '../../helpers/resource-app.js';
import { unreachableDatabaseUrl } from '../../helpers/unreachable-database.js';

const feature = gadgetsFeature();
const served = useResourceApp(feature, GADGET_SCOPES, GADGETS_FEATURES_ROOT);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const MISSING_ID = '00000000-0000-4000-8000-000000000000';
let serial = 0;

/** A body with every field; the unique code differs at each call. */
const fullBody = () => ({
  label: 'Whisk',
  code: `WK-${++serial}`,
  kind: 'tool',
  stock: 3,
  weight: 0.25,
  fragile: true,
  made_on: '2024-03-01',
  checked_at: '2026-01-31T12:00:00.000Z',
  maker_id: '7d3f1e5c-9a10-4c6e-8f1d-0b5a4c3e2b1a',
  notes: 'Handle\nwith care.',
});
const requiredBody = () => ({ label: 'Spoon', kind: 'toy' });

describe('records', () => {
  it('creates a record: 201 with it, its Location and ETag; reading it answers the same', async () => {
    const body = fullBody();
    const response = await served.app.inject({ method: 'POST', url: `${served.base}/`, payload: body });

    expect(response.statusCode, response.body).toBe(201);
    expect(response.headers['content-type']).toBe('application/json');
    const record = response.json<Stored>();
    expect(record).toEqual({ ...body, id: record.id, created_at: record.created_at, updated_at: record.created_at });
    expect(record.id).toMatch(UUID);
    expect(Date.parse(record.created_at)).not.toBeNaN();
    expect(response.headers.location).toBe(`${served.base}/${record.id}`);
    expect(response.headers.etag).toBe('"1"');

    const read = await served.read(record.id);
    expect(read.statusCode).toBe(200);
    expect(read.json()).toEqual(record);
    expect(read.headers.etag).toBe(response.headers.etag);
  });

  it('stores null for the optional fields a body leaves out, and the default for the others', async () => {
    const { record } = await served.create(requiredBody());
    expect(record).toMatchObject({
      code: null,
      stock: 0,
      weight: null,
      fragile: false,
      made_on: null,
      checked_at: null,
      maker_id: null,
      notes: null,
    });
  });

  it('lists every record once, oldest first, through pages of `limit` linked by next_cursor', async () => {
    const created = [
      await served.create(fullBody()),
      await served.create(fullBody()),
      await served.create(fullBody()),
    ].map(({ record }) => record.id);
    const seen: Stored[] = [];
    let pages = 0;
    let cursor: string | null = null;
    do {
      const response = await served.list({ limit: '2', ...(cursor === null ? {} : { cursor }) });
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

  it('filters a list by equality on any combination of filterable fields, across pages', async () => {
    const { record: match } = await served.create({ ...fullBody(), label: 'Filtered', kind: 'toy' });
    await served.create({ ...fullBody(), label: 'Filtered', kind: 'tool' });
    await served.create({ ...fullBody(), label: 'Other', kind: 'toy' });

    const both = await served.list({ label: 'Filtered', kind: 'toy', limit: '100' });
    expect(both.statusCode, both.body).toBe(200);
    expect(both.json<{ items: Stored[] }>().items.map((item) => item.id)).toEqual([match.id]);
    const one = await served.list({ label: 'Filtered', limit: '1' });
    const cursor = one.json<{ next_cursor: string }>().next_cursor;
    const next = await served.list({ label: 'Filtered', limit: '1', cursor });
    expect(next.json<{ items: Stored[] }>().items.map((item) => item.label)).toEqual(['Filtered']);
    for (const [name, value] of [
      ['made_on', '2024-03-01'],
      ['fragile', 'true'],
      ['stock', '3'],
      ['checked_at', '2026-01-31T12:00:00.000Z'],
    ]) {
      const response = await served.list({ [name as string]: value as string, limit: '100' });
      expect(response.statusCode, response.body).toBe(200);
      expect(response.json<{ items: Stored[] }>().items.length).toBeGreaterThan(0);
    }
  });

  it('changes the fields given with the ETag it was read with: 200, the change, a new ETag; null clears', async () => {
    const { record, etag } = await served.create(fullBody());
    const response = await served.patch(record.id, { label: 'Other whisk', notes: null }, etag);

    expect(response.statusCode, response.body).toBe(200);
    const changed = response.json<Stored>();
    expect(changed).toEqual({ ...record, label: 'Other whisk', notes: null, updated_at: changed.updated_at });
    expect(Date.parse(changed.updated_at)).toBeGreaterThanOrEqual(Date.parse(record.updated_at));
    expect(response.headers.etag).toBe('"2"');
    expect((await served.read(record.id)).json()).toEqual(changed);
  });

  it('refuses a change with a stale ETag (412) or none (428), and keeps the record as it was', async () => {
    const { record, etag } = await served.create(fullBody());
    expect((await served.patch(record.id, { stock: 4 }, etag)).statusCode).toBe(200);
    const current = (await served.read(record.id)).json<Stored>();

    expectProblem(await served.patch(record.id, { stock: 5 }, etag), 412);
    expectProblem(await served.patch(record.id, { stock: 5 }), 428);
    expectProblem(await served.patch(record.id, { stock: 5 }, '"2147483648"'), 412);
    expect((await served.read(record.id)).json()).toEqual(current);
    expect((await served.patch(record.id, { stock: 5 }, `W/"2", "9", "2"`)).statusCode).toBe(200);
  });

  it('deletes a record with its ETag (204); it is gone after', async () => {
    const { record, etag } = await served.create(fullBody());
    const response = await served.remove(record.id, etag);
    expect(response.statusCode).toBe(204);
    expect(response.body).toBe('');
    expectProblem(await served.read(record.id), 404);
  });

  it('refuses a delete with a stale ETag (412) or none (428), and keeps the record', async () => {
    const { record } = await served.create(fullBody());
    expectProblem(await served.remove(record.id, '"7"'), 412);
    expectProblem(await served.remove(record.id), 428);
    expect((await served.read(record.id)).statusCode).toBe(200);
  });

  it('answers 404 naming the record for an id no record has, on read, change and delete', async () => {
    const read = await served.read(MISSING_ID);
    expectProblem(read, 404);
    expect(read.json<{ detail: string }>().detail).toBe(`No gadget with id ${MISSING_ID}.`);
    expectProblem(await served.patch(MISSING_ID, { stock: 1 }, '*'), 404);
    expectProblem(await served.remove(MISSING_ID, '*'), 404);
  });

  it('answers 409 naming a unique field whose value is taken, on create and on change', async () => {
    const { record: first } = await served.create(fullBody());
    const created = await served.app.inject({
      method: 'POST',
      url: `${served.base}/`,
      payload: { ...fullBody(), code: first.code },
    });
    expectProblem(created, 409);
    expect(created.json<{ detail: string }>().detail).toBe('A record with this code already exists.');

    const { record: second, etag } = await served.create(fullBody());
    expectProblem(await served.patch(second.id, { code: first.code }, etag), 409);
  });
});

describe('bad requests answer 400 with one entry per invalid field', () => {
  const INVALID = {
    label: 12345,
    code: 'x'.repeat(13),
    kind: 'robot',
    stock: 1001,
    weight: -1,
    fragile: 'yes',
    made_on: '2024-02-30',
    checked_at: 'yesterday',
    maker_id: 'not-a-uuid',
    notes: 'x'.repeat(201),
  };
  const everyField = Object.keys(INVALID)
    .map((name) => `body /${name}`)
    .sort();

  it('names every invalid field of a POST body and of a PATCH body', async () => {
    const created = await served.app.inject({ method: 'POST', url: `${served.base}/`, payload: INVALID });
    expectProblem(created, 400);
    expect(pointers(created)).toEqual(everyField);

    const { record, etag } = await served.create(fullBody());
    const changed = await served.patch(record.id, INVALID, etag);
    expectProblem(changed, 400);
    expect(pointers(changed)).toEqual(everyField);
  });

  it('names a missing required field, an unknown field, an empty change, a bad id, limit, cursor and filter', async () => {
    const cases: [
      Promise<{ statusCode: number; headers: Record<string, unknown>; body: string; json(): unknown }>,
      string[],
    ][] = [
      [served.app.inject({ method: 'POST', url: `${served.base}/`, payload: { kind: 'toy' } }), ['body /label']],
      [
        served.app.inject({ method: 'POST', url: `${served.base}/`, payload: { ...requiredBody(), wings: 2 } }),
        ['body /wings'],
      ],
      [served.app.inject({ method: 'GET', url: `${served.base}/not-a-uuid` }), ['path /id']],
      [served.list({ limit: '0' }), ['query /limit']],
      [served.list({ limit: '101' }), ['query /limit']],
      [served.list({ cursor: 'bm90LWEtY3Vyc29y' }), ['query /cursor']],
      [served.list({ kind: 'robot' }), ['query /kind']],
    ];
    for (const [request, expected] of cases) {
      const response = await request;
      expectProblem(response, 400);
      expect(pointers(response)).toEqual(expected);
    }
    const { record, etag } = await served.create(fullBody());
    expectProblem(await served.patch(record.id, {}, etag), 400);
  });
});

describe('business rules and custom routes', () => {
  it('refuses what a rule refuses with a 400 naming the field, on create and change, storing nothing', async () => {
    const before = (await served.app.inject(`${served.base}/count`)).json<{ count: number }>().count;
    const created = await served.app.inject({
      method: 'POST',
      url: `${served.base}/`,
      payload: { ...requiredBody(), made_on: '2999-01-01' },
    });
    expectProblem(created, 400);
    expect(created.json()).toMatchObject({
      detail: 'Invalid body: /made_on is in the future.',
      errors: [{ in: 'body', pointer: '/made_on', detail: 'is in the future' }],
    });
    expect((await served.app.inject(`${served.base}/count`)).json()).toEqual({ count: before });

    const { record, etag } = await served.create(requiredBody());
    expectProblem(await served.patch(record.id, { made_on: '2999-01-01' }, etag), 400);
  });

  it('stores what a rule derives', async () => {
    const { record, etag } = await served.create({ ...requiredBody(), code: 'lower-1' });
    expect(record.code).toBe('LOWER-1');
    const changed = await served.patch(record.id, { code: 'lower-2' }, etag);
    expect(changed.json<Stored>().code).toBe('LOWER-2');
  });

  it('serves a custom route beside the CRUD ones, on the declared table', async () => {
    await served.create(requiredBody());
    const response = await served.app.inject(`${served.base}/count`);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json<{ count: number }>().count).toBeGreaterThan(0);
  });
});

describe('a version exposes the operations and fields it chooses', () => {
  it('serves only those, on the same records', async () => {
    const v2 = gadgetsFeature(2, { operations: ['list', 'get'], fields: ['label', 'kind'] });
    const app = asCaller(
      createApp(served.settings(), { features: [feature, v2], featuresRoot: GADGETS_FEATURES_ROOT }),
      await served.issuer.token({ scope: GADGET_SCOPES.read }),
    );
    try {
      const { record } = await served.create(fullBody());
      const read = await app.inject(`/v2/gadgets/${record.id}`);
      expect(read.statusCode, read.body).toBe(200);
      expect(read.json()).toEqual({
        id: record.id,
        created_at: record.created_at,
        updated_at: record.updated_at,
        label: 'Whisk',
        kind: 'tool',
      });
      expect((await app.inject({ method: 'POST', url: '/v2/gadgets/', payload: requiredBody() })).statusCode).toBe(405);
      const page = (await app.inject('/v2/gadgets/?limit=100')).json<{ items: Stored[] }>();
      expect(page.items.every((item) => Object.keys(item).length === 5)).toBe(true);
    } finally {
      await app.close();
    }
  });

  it('refuses to hide a field a new record must give', () => {
    expect(() => gadgetsFeature(2, { fields: ['kind'] })).toThrow(
      'gadgets: field label is hidden, but a new record must give it',
    );
  });
});

describe('the database unreachable', () => {
  it('answers 503 with Retry-After to every operation, not a 500 or a hang', async () => {
    const down = asCaller(
      createApp(
        served.settings({
          NODE_ENV: 'production',
          DATABASE_URL: await unreachableDatabaseUrl(),
          DATABASE_CONNECT_TIMEOUT_MS: '2000',
        }),
        { features: [feature] },
      ),
      await served.issuer.token({ scope: `${GADGET_SCOPES.read} ${GADGET_SCOPES.write}` }),
    );
    try {
      await down.ready();
      const any = { 'if-match': '*' };
      for (const request of [
        { method: 'GET' as const, url: `${served.base}/` },
        { method: 'GET' as const, url: `${served.base}/${MISSING_ID}` },
        { method: 'POST' as const, url: `${served.base}/`, payload: requiredBody() },
        { method: 'PATCH' as const, url: `${served.base}/${MISSING_ID}`, payload: { stock: 1 }, headers: any },
        { method: 'DELETE' as const, url: `${served.base}/${MISSING_ID}`, headers: any },
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

describe('who may call', () => {
  it('answers 401 with a Bearer challenge when no token is sent, to reads and writes', async () => {
    for (const request of [
      { method: 'GET' as const, url: `${served.base}/` },
      { method: 'GET' as const, url: `${served.base}/${MISSING_ID}` },
      { method: 'POST' as const, url: `${served.base}/`, payload: requiredBody() },
      { method: 'DELETE' as const, url: `${served.base}/${MISSING_ID}` },
    ]) {
      const response = await served.anonymous.inject(request);
      expectProblem(response, 401);
      expect(response.headers['www-authenticate']).toBe('Bearer');
    }
  });

  it('answers 403 insufficient_scope to a token without the scope, and serves the scope it has', async () => {
    const reader = bearer(await served.issuer.token({ scope: GADGET_SCOPES.read }));
    const writer = bearer(await served.issuer.token({ scope: GADGET_SCOPES.write }));
    const write = await served.anonymous.inject({
      method: 'POST',
      url: `${served.base}/`,
      payload: requiredBody(),
      headers: reader,
    });
    expectProblem(write, 403);
    expect(write.headers['www-authenticate']).toBe(`Bearer error="insufficient_scope", scope="${GADGET_SCOPES.write}"`);
    const read = await served.anonymous.inject({ method: 'GET', url: `${served.base}/`, headers: writer });
    expectProblem(read, 403);
    expect((await served.anonymous.inject({ method: 'GET', url: `${served.base}/`, headers: reader })).statusCode).toBe(
      200,
    );
  });
});
