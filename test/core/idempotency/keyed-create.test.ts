/**
 * Idempotent POST (src/core/idempotency/) on the resource engine's create, once for every resource: the
 * gadgets resource served by the real app on a real PostgreSQL. Same key and body: the same 201 and one
 * record; another body: 422; concurrent retries: one record; a retry while the first runs: 409.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { GADGET_SCOPES, GADGETS_FEATURES_ROOT, gadgetsFeature } from '../../helpers/gadgets-resource.js';
import { expectProblem, pointers, useResourceApp, type Stored } from '../../helpers/resource-app.js';
import { bearer } from '../../helpers/auth.js';

const served = useResourceApp(gadgetsFeature(), GADGET_SCOPES, GADGETS_FEATURES_ROOT);
let serial = 0;
const body = () => ({ label: 'Whisk', code: `ID-${++serial}`, kind: 'tool' });

const post = (payload: object, key?: string, headers: Record<string, string> = {}) =>
  served.app.inject({
    method: 'POST',
    url: `${served.base}/`,
    headers: key === undefined ? headers : { 'idempotency-key': key, ...headers },
    payload,
  });

/** How many gadgets carry this code. */
async function recordsWith(code: string): Promise<number> {
  const { count } = await served.app.db
    .selectFrom('gadgets')
    .where('code', '=', code)
    .select((eb) => eb.fn.countAll<string>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(count);
}

/** The statuses kept for this key. */
async function kept(key: string): Promise<number[]> {
  const { rows } = await sql<{ status: number }>`select status from idempotency_keys where key = ${key}`.execute(
    served.app.db,
  );
  return rows.map((row) => row.status);
}

/** How many requests hold an idempotency key's lock (statements.ts). */
async function keyLocks(): Promise<number> {
  const { rows } = await sql<{ count: string }>`
    select count(*) as count from pg_locks where locktype = 'advisory' and granted`.execute(served.app.db);
  return Number(rows[0]?.count);
}

describe('POST with Idempotency-Key', () => {
  it('answers a retry with the same key and body with the same 201, marked replayed, and stores one record', async () => {
    const key = randomUUID();
    const payload = body();
    const first = await post(payload, key);
    const second = await post(payload, key);

    expect(first.statusCode, first.body).toBe(201);
    expect(first.headers['idempotency-replayed']).toBeUndefined();
    expect(second.statusCode, second.body).toBe(201);
    expect(second.headers['idempotency-replayed']).toBe('true');
    expect(second.headers['content-type']).toBe('application/json');
    expect(second.body).toBe(first.body);
    expect(second.headers.location).toBe(first.headers.location);
    expect(second.headers.etag).toBe(first.headers.etag);
    expect(await recordsWith(payload.code)).toBe(1);
    expect(await kept(key)).toEqual([201]);
  });

  it('takes the same body with its keys in another order as the same request', async () => {
    const key = randomUUID();
    const { label, code, kind } = body();
    const first = await post({ label, code, kind }, key);
    const second = await post({ kind, code, label }, key);
    expect(second.statusCode).toBe(201);
    expect(second.json<Stored>().id).toBe(first.json<Stored>().id);
  });

  it('answers 422 to the same key with another body, and stores nothing more', async () => {
    const key = randomUUID();
    const payload = body();
    expect((await post(payload, key)).statusCode).toBe(201);
    const other = { ...payload, code: `${payload.code}X` };

    const response = await post(other, key);

    expectProblem(response, 422);
    expect(response.json()).toMatchObject({ detail: expect.stringContaining('Idempotency-Key') as string });
    expect(await recordsWith(other.code)).toBe(0);
  });

  it('makes exactly one record of 20 concurrent identical requests; the others replay it or answer 409', async () => {
    const key = randomUUID();
    const payload = body();

    const answers = await Promise.all(Array.from({ length: 20 }, () => post(payload, key)));

    const created = answers.filter((answer) => answer.statusCode === 201);
    const busy = answers.filter((answer) => answer.statusCode === 409);
    expect(created.length + busy.length, answers.map((answer) => answer.statusCode).join()).toBe(20);
    expect(new Set(created.map((answer) => answer.json<Stored>().id)).size).toBe(1);
    for (const answer of busy) expect(answer.headers['retry-after']).toBe('1');
    expect(await recordsWith(payload.code)).toBe(1);
  });

  it('replays a kept answer to 20 concurrent retries at once, none of them 409', async () => {
    const key = randomUUID();
    const payload = body();
    const first = await post(payload, key);

    const retries = await Promise.all(Array.from({ length: 20 }, () => post(payload, key)));

    expect(retries.map((answer) => answer.statusCode)).toEqual(Array(20).fill(201));
    expect(new Set(retries.map((answer) => answer.body))).toEqual(new Set([first.body]));
  });

  it('answers 409 with Retry-After while the first request is still running, then replays its answer', async () => {
    const key = randomUUID();
    const payload = body();
    // The table locked by another transaction holds the first request inside its INSERT, holding its key.
    let first: Promise<Awaited<ReturnType<typeof post>>> | undefined;
    const retried = await served.app.db.transaction().execute(async (trx) => {
      await sql`lock table gadgets in exclusive mode`.execute(trx);
      first = post(payload, key);
      await expect.poll(keyLocks, { timeout: 5000 }).toBe(1);
      return post(payload, key);
    });

    expectProblem(retried, 409);
    expect(retried.headers['retry-after']).toBe('1');
    expect((await first)?.statusCode).toBe(201);
    const replayed = await post(payload, key);
    expect(replayed.headers['idempotency-replayed']).toBe('true');
    expect(await recordsWith(payload.code)).toBe(1);
  });

  it('keeps keys per caller: the same key from another caller creates its own record', async () => {
    const key = randomUUID();
    const payload = body();
    const mine = await post(payload, key);
    expect((await post(payload, key)).headers['idempotency-replayed']).toBe('true');
    const token = await served.issuer.token({ subject: 'user-2', scope: GADGET_SCOPES.write });
    const theirs = await post({ ...payload, code: `${payload.code}B` }, key, bearer(token));

    expect(mine.statusCode).toBe(201);
    expect(theirs.statusCode, theirs.body).toBe(201);
    expect(theirs.headers['idempotency-replayed']).toBeUndefined();
    expect(theirs.json<Stored>().id).not.toBe(mine.json<Stored>().id);
  });

  it('releases the key of a request that failed, so its retry runs again', async () => {
    const taken = body();
    expect((await post(taken)).statusCode).toBe(201);
    const key = randomUUID();

    expectProblem(await post(taken, key), 409);
    expect(await kept(key)).toEqual([]);
    const retry = await post({ ...taken, code: `${taken.code}R` }, key);
    expect(retry.statusCode, retry.body).toBe(201);
  });

  it('keeps the record and its answer in one transaction: when keeping the answer fails, no record stays', async () => {
    const key = `refused-${randomUUID()}`;
    await sql`create function refuse_key() returns trigger language plpgsql as $$
      begin raise exception 'refused'; end $$`.execute(served.app.db);
    // Refuses the row once it holds an answer, however it is written.
    await sql`create trigger refuse_key before insert or update on idempotency_keys
      for each row when (new.key like 'refused-%' and new.status is not null) execute function refuse_key()`.execute(
      served.app.db,
    );
    try {
      const payload = body();
      expectProblem(await post(payload, key), 500);
      expect(await recordsWith(payload.code)).toBe(0);
    } finally {
      await sql`drop trigger refuse_key on idempotency_keys`.execute(served.app.db);
      await sql`drop function refuse_key`.execute(served.app.db);
    }
  });

  it('answers 400 naming the header to a key that is empty, too long or not visible ASCII', async () => {
    for (const key of ['', 'k'.repeat(256), 'with space']) {
      const response = await post(body(), key);
      expectProblem(response, 400);
      expect(pointers(response)).toEqual(['header /idempotency-key']);
    }
  });

  it('creates as before without the header', async () => {
    const payload = body();
    const response = await post(payload);
    expect(response.statusCode).toBe(201);
    expect(response.headers['idempotency-replayed']).toBeUndefined();
    expect(await recordsWith(payload.code)).toBe(1);
  });
});

describe('the OpenAPI document', () => {
  it('documents the optional Idempotency-Key, the replay mark, and the 409 and 422 answers of POST', async () => {
    const document = (await served.app.inject(`/v1/openapi.json`)).json<{
      paths: Record<string, { post: { parameters: object[]; responses: Record<string, { headers?: object }> } }>;
    }>();
    const create = document.paths[`${served.base}/`]?.post;

    expect(create?.parameters).toContainEqual(
      expect.objectContaining({
        in: 'header',
        name: 'idempotency-key',
        required: false,
        schema: expect.objectContaining({ minLength: 1, maxLength: 255 }) as object,
      }),
    );
    expect(create?.responses['201']?.headers).toHaveProperty('Idempotency-Replayed');
    expect(create?.responses['409']?.headers).toHaveProperty('Retry-After');
    expect(create?.responses).toHaveProperty('422');
  });
});
