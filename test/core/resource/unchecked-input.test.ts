/**
 * Issue 17 item 3: nothing unchecked reaches the database. Each value below passed validation and then
 * failed in PostgreSQL (a 500) or was silently ignored or changed; each must answer a 400 (or 412) naming
 * what is wrong, and store nothing. On the gadgets resource (a field of every kind), through the real app
 * on a real database, so every resource the engine serves is covered.
 */
import { describe, expect, it } from 'vitest';
import { GADGET_SCOPES, GADGETS_FEATURES_ROOT, gadgetsFeature } from '../../helpers/gadgets-resource.js';
import { expectProblem, pointers, useResourceApp, type Stored } from '../../helpers/resource-app.js';

const served = useResourceApp(gadgetsFeature(), GADGET_SCOPES, GADGETS_FEATURES_ROOT);

const post = (payload: object | string | Buffer) =>
  served.app.inject({
    method: 'POST',
    url: `${served.base}/`,
    headers: { 'content-type': 'application/json' },
    payload: typeof payload === 'string' || Buffer.isBuffer(payload) ? payload : JSON.stringify(payload),
  });

const count = async (): Promise<number> =>
  (await served.app.inject({ method: 'GET', url: `${served.base}/count` })).json<{ count: number }>().count;

/** The answer is a 400 naming exactly `expected` (`in pointer`), and no record was stored. */
async function refused(request: Promise<Parameters<typeof expectProblem>[0]>, expected: string[]): Promise<void> {
  const before = await count();
  const response = await request;
  expectProblem(response, 400);
  expect(pointers(response)).toEqual(expected);
  expect(await count()).toBe(before);
}

describe('a list takes only its declared parameters', () => {
  // Before: 200, the parameter ignored (in an earlier engine, a filter on a column: a 500).
  it('answers 400 naming an unknown query parameter, and `revision`, which is no filter', async () => {
    await refused(served.list({ unknown_param: 'x' }), ['query /unknown_param']);
    await refused(served.list({ revision: '1', id: 'x' }), ['query /id', 'query /revision']);
    const response = await served.list({ unknown_param: 'x' });
    expect(response.json()).toMatchObject({ errors: [{ detail: 'is not a known parameter' }] });
  });

  it('still takes every declared filter and page parameter', async () => {
    const response = await served.list({ limit: '5', kind: 'tool', stock: '3', made_on: '2024-03-01' });
    expect(response.statusCode, response.body).toBe(200);
  });
});

describe('numbers are finite', () => {
  // Before: 500 (Ajv's coercion turned them into Infinity and skipped `maximum`).
  it('answers 400 for limit=Infinity and limit=1e999', async () => {
    await refused(served.list({ limit: 'Infinity' }), ['query /limit']);
    await refused(served.list({ limit: '1e999' }), ['query /limit']);
    await refused(served.list({ limit: '-Infinity' }), ['query /limit']);
  });

  // Before: 200, filtering on a value no stored number has.
  it('answers 400 for a number filter that is not finite', async () => {
    await refused(served.list({ weight: 'Infinity' }), ['query /weight']);
    await refused(served.list({ weight: '1e999' }), ['query /weight']);
  });

  it('answers 400 for a body number past what a double holds (JSON 1e999)', async () => {
    await refused(post('{"label":"Big","kind":"toy","weight":1e999}'), ['body /weight']);
  });
});

describe('integers fit their column', () => {
  it('answers 400 for an integer past the int4 column, in a body and a filter', async () => {
    await refused(post({ label: 'Many', kind: 'toy', stock: 2_147_483_648 }), ['body /stock']);
    await refused(served.list({ stock: '99999999999' }), ['query /stock']);
  });

  // The revision column is int4: a larger revision in If-Match matches no record, never overflows.
  it('answers 412 for an If-Match revision past the column (2147483648), on change and delete', async () => {
    const { record, etag } = await served.create({ label: 'Pan', kind: 'tool' });
    expectProblem(await served.patch(record.id, { label: 'Pot' }, '"2147483648"'), 412);
    expectProblem(await served.remove(record.id, '"9999999999"'), 412);
    expectProblem(await served.remove(record.id, '"99999999999999999999"'), 412);
    expect((await served.read(record.id)).headers.etag).toBe(etag);
  });
});

describe('dates and times are within years 0001 to 9999', () => {
  // Before: 500 (PostgreSQL has no year 0).
  it('answers 400 for a date or a time in year 0000, in a body, a change and a filter', async () => {
    await refused(post({ label: 'Old', kind: 'toy', made_on: '0000-01-01' }), ['body /made_on']);
    await refused(post({ label: 'Old', kind: 'toy', checked_at: '0000-06-01T00:00:00Z' }), ['body /checked_at']);
    const { record, etag } = await served.create({ label: 'Pan', kind: 'tool' });
    const changed = await served.patch(record.id, { made_on: '0000-02-29' }, etag);
    expectProblem(changed, 400);
    expect(pointers(changed)).toEqual(['body /made_on']);
    await refused(served.list({ made_on: '0000-01-01' }), ['query /made_on']);
    await refused(served.list({ checked_at: '0000-01-01T00:00:00Z' }), ['query /checked_at']);
  });

  it('answers 400 for an instant that is in year 0000 or 10000 once in UTC', async () => {
    await refused(post({ label: 'Old', kind: 'toy', checked_at: '0001-01-01T00:30:00+01:00' }), ['body /checked_at']);
    await refused(post({ label: 'New', kind: 'toy', checked_at: '9999-12-31T23:30:00-01:00' }), ['body /checked_at']);
  });

  it('stores the first and last days and instants of the range', async () => {
    const { record } = await served.create({
      label: 'Edge',
      kind: 'toy',
      made_on: '0001-01-01',
      checked_at: '9999-12-31T23:59:59.999Z',
    });
    expect(record).toMatchObject({ made_on: '0001-01-01', checked_at: '9999-12-31T23:59:59.999Z' });
    // (A made_on in the future is a gadget rule's 400: the last day is taken by the filter.)
    const other = await served.create({ label: 'Edge', kind: 'toy', checked_at: '0001-01-01T00:00:00Z' });
    expect(other.record).toMatchObject({ checked_at: '0001-01-01T00:00:00.000Z' });
    expect((await served.list({ made_on: '9999-12-31' })).statusCode).toBe(200);
  });
});

describe('text holds no NUL', () => {
  it('answers 400 for \\u0000 in a string, a text and a filter', async () => {
    await refused(post({ label: 'a\u0000b', kind: 'toy' }), ['body /label']);
    await refused(post({ label: 'a', kind: 'toy', notes: 'x\u0000' }), ['body /notes']);
    await refused(served.list({ label: 'a\u0000' }), ['query /label']);
  });
});

describe('body text is Unicode', () => {
  // Before: 201, the bytes stored as U+FFFD (Fastify decoded the body leniently).
  it('answers 400 for a body with invalid UTF-8 bytes, storing nothing', async () => {
    const body = Buffer.concat([Buffer.from('{"label":"a'), Buffer.from([0xc3, 0x28]), Buffer.from('","kind":"toy"}')]);
    const before = await count();
    const response = await post(body);
    expectProblem(response, 400);
    expect(response.json()).toMatchObject({ detail: 'The request body is not valid UTF-8.' });
    expect(await count()).toBe(before);
  });

  // Before: 201, the lone surrogate stored as U+FFFD.
  it('answers 400 naming each field that holds a lone surrogate escape, on create and change', async () => {
    await refused(post('{"label":"\\ud800","kind":"toy"}'), ['body /label']);
    await refused(post('{"label":"ok\\uDFFFok","kind":"toy","notes":"x\\udbff"}'), ['body /label', 'body /notes']);
    const { record, etag } = await served.create({ label: 'Pan', kind: 'tool' });
    const changed = await served.app.inject({
      method: 'PATCH',
      url: `${served.base}/${record.id}`,
      headers: { 'content-type': 'application/json', 'if-match': etag },
      payload: '{"label":"\\udc00"}',
    });
    expectProblem(changed, 400);
    expect(pointers(changed)).toEqual(['body /label']);
  });

  it('stores escaped surrogate pairs and text beyond the BMP as sent', async () => {
    const response = await post('{"label":"\\ud83d\\udc36 dog \u{1F431}","kind":"toy"}');
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json()).toMatchObject({ label: '\u{1F436} dog \u{1F431}' });
  });
});

describe('cursors', () => {
  const cursorOf = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

  // Before: 200 (a position in year 0, or past what PostgreSQL's driver and JSON dates agree on).
  it('answers 400 for a cursor whose position is outside years 0001 to 9999', async () => {
    const { record } = await served.create({ label: 'Pan', kind: 'tool' });
    for (const time of ['0000-01-01T00:00:00.000Z', '-000001-01-01T00:00:00.000Z', '+275760-09-13T00:00:00.000Z']) {
      await refused(served.list({ cursor: cursorOf([time, record.id]) }), ['query /cursor']);
    }
  });

  // Before signing: 200, a page starting wherever the altered or unsigned cursor said.
  it('answers 400 for an unsigned cursor, and for a cursor it gave whose position was altered', async () => {
    const { record } = await served.create({ label: 'Pan', kind: 'tool' });
    await served.create({ label: 'Pot', kind: 'tool' });
    await refused(served.list({ cursor: cursorOf([record.created_at, record.id]) }), ['query /cursor']);
    const { next_cursor } = (await served.list({ limit: '1' })).json<{ next_cursor: string }>();
    const bytes = Buffer.from(next_cursor, 'base64url');
    bytes.writeUInt8(bytes.readUInt8(bytes.length - 3) ^ 1, bytes.length - 3);
    await refused(served.list({ cursor: bytes.toString('base64url') }), ['query /cursor']);
  });

  it('still follows the cursors it gave', async () => {
    await served.create({ label: 'Pan', kind: 'tool' });
    await served.create({ label: 'Pot', kind: 'tool' });
    const first = await served.list({ limit: '1' });
    const { next_cursor } = first.json<{ next_cursor: string; items: Stored[] }>();
    const second = await served.list({ limit: '1', cursor: next_cursor });
    expect(second.statusCode, second.body).toBe(200);
  });
});
