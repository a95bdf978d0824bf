/**
 * Owners (issue 17 item 1), on the gadgets declaration served by the real app on a real database, with
 * tokens for two subjects and an admin from the test issuer: each caller reaches only their own records,
 * another owner's answers exactly like a missing one, the admin scope reaches every record and shows its
 * owner, and no body sets what the server sets. Before owners, bob read, listed, changed and deleted
 * alice's records (200/204), and no record had an owner.
 */
import type { FastifyInstance } from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';
import { asCaller } from '../../helpers/auth.js';
import { GADGET_SCOPES, GADGETS_FEATURES_ROOT, gadgetsFeature } from '../../helpers/gadgets-resource.js';
import { expectProblem, pointers, useResourceApp, type Answer, type Stored } from '../../helpers/resource-app.js';

const served = useResourceApp(gadgetsFeature(), GADGET_SCOPES, GADGETS_FEATURES_ROOT);
const SCOPES = `${GADGET_SCOPES.read} ${GADGET_SCOPES.write}`;
let alice: FastifyInstance;
let bob: FastifyInstance;
let admin: FastifyInstance;

beforeAll(async () => {
  const as = async (subject: string, scope: string) =>
    asCaller(served.anonymous, await served.issuer.token({ subject, scope }));
  alice = await as('alice', SCOPES);
  bob = await as('bob', SCOPES);
  admin = await as('carol', `${SCOPES} gadgets:admin`);
});

const body = { label: 'Whisk', kind: 'tool' };

async function created(app: FastifyInstance, payload: Record<string, unknown> = body): Promise<Stored> {
  const response = await app.inject({ method: 'POST', url: `${served.base}/`, payload });
  expect(response.statusCode, response.body).toBe(201);
  return response.json<Stored>();
}

const listed = async (app: FastifyInstance, query = 'limit=100'): Promise<Stored[]> => {
  const response = await app.inject({ method: 'GET', url: `${served.base}/?${query}` });
  expect(response.statusCode, response.body).toBe(200);
  return response.json<{ items: Stored[] }>().items;
};

/** The answer with its id replaced, to compare another owner's record with a missing one's. */
const withoutId = (response: Answer, id: string) => ({
  status: response.statusCode,
  type: response.headers['content-type'],
  body: response.body.replaceAll(id, '<id>'),
});

describe('records belong to the caller who created them', () => {
  it("answers bob's read, change and delete of alice's record exactly like a missing record's, and changes nothing", async () => {
    const record = await created(alice);
    const missing = '00000000-0000-4000-8000-000000000000';
    for (const [method, extra] of [
      ['GET', {}],
      ['PATCH', { payload: { label: 'Stolen' }, headers: { 'if-match': '*' } }],
      ['DELETE', { headers: { 'if-match': '*' } }],
    ] as const) {
      const foreign = await bob.inject({ method, url: `${served.base}/${record.id}`, ...extra });
      const absent = await bob.inject({ method, url: `${served.base}/${missing}`, ...extra });
      expectProblem(foreign, 404);
      expect(withoutId(foreign, record.id)).toEqual(withoutId(absent, missing));
    }
    const read = await alice.inject({ method: 'GET', url: `${served.base}/${record.id}` });
    expect(read.statusCode).toBe(200);
    expect(read.json()).toEqual(record);
  });

  it("never lists another owner's records, with or without filters or cursors", async () => {
    const mine = await created(alice, { label: 'Mine only', kind: 'toy' });
    const theirs = await created(bob, { label: 'Mine only', kind: 'toy' });
    const bobs = (await listed(bob)).map((item) => item.id);
    expect(bobs).toContain(theirs.id);
    expect(bobs).not.toContain(mine.id);
    expect((await listed(bob, 'label=Mine%20only')).map((item) => item.id)).toEqual([theirs.id]);
    const first = await bob.inject({ method: 'GET', url: `${served.base}/?limit=1` });
    const cursor = first.json<{ next_cursor: string | null }>().next_cursor;
    if (cursor !== null)
      expect((await listed(bob, `cursor=${cursor}&limit=100`)).map((item) => item.id)).not.toContain(mine.id);
  });

  it('does not show the owner to the owner', async () => {
    const record = await created(alice);
    expect(record).not.toHaveProperty('owner');
    expect((await listed(alice)).every((item) => !('owner' in item))).toBe(true);
  });
});

describe('the admin scope', () => {
  it("reads, lists, changes and deletes every record, and sees each one's owner", async () => {
    const record = await created(alice);
    const read = await admin.inject({ method: 'GET', url: `${served.base}/${record.id}` });
    expect(read.statusCode, read.body).toBe(200);
    expect(read.json()).toEqual({ ...record, owner: 'alice' });
    expect((await listed(admin)).find((item) => item.id === record.id)).toMatchObject({ owner: 'alice' });

    const changed = await admin.inject({
      method: 'PATCH',
      url: `${served.base}/${record.id}`,
      headers: { 'if-match': '*' },
      payload: { label: 'Fixed' },
    });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json()).toMatchObject({ label: 'Fixed', owner: 'alice' });
    const own = await alice.inject({ method: 'GET', url: `${served.base}/${record.id}` });
    expect(own.json()).toMatchObject({ label: 'Fixed' });

    const removed = await admin.inject({
      method: 'DELETE',
      url: `${served.base}/${record.id}`,
      headers: { 'if-match': '*' },
    });
    expect(removed.statusCode).toBe(204);
  });

  it('owns what it creates, like anyone', async () => {
    const record = await created(admin);
    expect(record).toMatchObject({ owner: 'carol' });
    expectProblem(await bob.inject({ method: 'GET', url: `${served.base}/${record.id}` }), 404);
  });
});

describe('what the server sets', () => {
  it('refuses a body setting owner, id, timestamps or revision with a 400 naming each, storing nothing', async () => {
    const before = (await listed(alice)).length;
    const response = await alice.inject({
      method: 'POST',
      url: `${served.base}/`,
      payload: { ...body, owner: 'bob', id: '00000000-0000-4000-8000-000000000001', revision: 7 },
    });
    expectProblem(response, 400);
    expect(pointers(response)).toEqual(['body /id', 'body /owner', 'body /revision']);
    const errors = response.json<{ errors: { detail: string }[] }>().errors;
    expect(errors.every((error) => error.detail === 'is set by the server: leave it out')).toBe(true);
    expect(await listed(alice)).toHaveLength(before);

    const record = await created(alice);
    const patch = await alice.inject({
      method: 'PATCH',
      url: `${served.base}/${record.id}`,
      headers: { 'if-match': '*' },
      payload: { owner: 'bob', created_at: '2020-01-01T00:00:00Z' },
    });
    expectProblem(patch, 400);
    expect(pointers(patch)).toEqual(['body /created_at', 'body /owner']);
  });
});
