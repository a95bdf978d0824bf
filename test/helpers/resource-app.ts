/**
 * A resource feature served by the real app (createApp, its error handling and auth) on a database of the
 * calling test file's own, as a caller (TEST_SUBJECT) holding both of its scopes; with the requests its tests
 * make. A resource that refers to others (`field.ref`) is served with their features (the newest version of
 * each in the registry), and one record of each, the caller's own, is made for its references to name:
 * `served.reference('pet_id')`.
 *
 * ```ts
 * const served = useResourceApp(feature, { read: 'pets:read', write: 'pets:write' });
 * it('...', async () => { const { record, etag } = await served.create({ name: 'Rex' }); ... });
 * ```
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect } from 'vitest';
import { randomUUID } from 'node:crypto';
import { createApp } from '../../src/app.js';
import type { FeatureModule } from '../../src/core/features/feature.js';
import { findResource } from '../../src/core/resource/declared.js';
import { resourceStore } from '../../src/core/resource/store.js';
import { features as registered } from '../../src/features/registry.js';
import { asCaller, useTestIssuer } from './auth.js';
import { useTestDatabase } from './database.js';

export type Stored = Record<string, unknown> & { id: string; created_at: string; updated_at: string };

export interface Answer {
  readonly statusCode: number;
  readonly headers: Record<string, unknown>;
  readonly body: string;
  json(): unknown;
}

export function expectProblem(response: Answer, status: number): void {
  expect(response.statusCode, response.body).toBe(status);
  expect(response.headers['content-type']).toBe('application/problem+json');
  expect(response.json()).toMatchObject({ type: 'about:blank', status });
}

/** The `in pointer` of each entry of a 400's `errors`, sorted. */
export const pointers = (response: Answer): string[] =>
  (response.json() as { errors: { in: string; pointer: string }[] }).errors
    .map((error) => `${error.in} ${error.pointer}`)
    .sort();

/** The subject of the token a resource app's requests carry: the owner of the records they make. */
export const TEST_SUBJECT = 'user-1';

/** The tables `table`'s references name, each with the newest registered version of its feature. */
function referencedFeatures(table: string): Map<string, FeatureModule> {
  const tables = Object.values(findResource(table)?.fields ?? {}).flatMap((field) => field.references?.table ?? []);
  const newest = (name: string): FeatureModule => {
    const found = registered.filter((module) => module.name === name).sort((a, b) => b.version - a.version)[0];
    if (found === undefined) throw new Error(`${table} refers to ${name}, which the registry does not mount`);
    return found;
  };
  return new Map(tables.filter((name) => name !== table).map((name) => [name, newest(name)]));
}

/** One record of `table`, owned by TEST_SUBJECT, from its fields' examples; its id. */
async function madeRecord(app: FastifyInstance, table: string): Promise<string> {
  const resource = findResource(table);
  if (resource === undefined) throw new Error(`no loaded resource declares ${table}`);
  const values = Object.fromEntries(Object.entries(resource.fields).map(([name, field]) => [name, field.example]));
  const now = new Date();
  const row = { ...values, id: randomUUID(), created_at: now, updated_at: now } as never;
  return (await resourceStore(resource, app.statements).insert(row, { owner: TEST_SUBJECT, all: false })).id;
}

export function useResourceApp(
  feature: FeatureModule,
  scopes: { readonly read: string; readonly write: string },
  featuresRoot?: string,
  /** Features served beside it (a resource that refers to it, say). */
  beside: readonly FeatureModule[] = [],
) {
  const database = useTestDatabase();
  const issuer = useTestIssuer();
  const base = `/v${feature.version}/${feature.name}`;
  /** Settings trusting the test issuer; rate limits off, as these tests are about the resource (see test/core/rate-limit). */
  const settings = (env: Record<string, string> = {}) =>
    database.settings(issuer.settings({ RATE_LIMIT_READ_MAX: '0', RATE_LIMIT_WRITE_MAX: '0', ...env }));
  let anonymous: FastifyInstance | undefined;
  let app: FastifyInstance | undefined;
  const references = new Map<string, string>();
  const served = () => {
    if (app === undefined) throw new Error('useResourceApp(): the app exists only inside tests and hooks');
    return app;
  };

  beforeAll(async () => {
    const referenced = referencedFeatures(feature.name);
    anonymous = createApp(settings(), { features: [feature, ...referenced.values(), ...beside], featuresRoot });
    app = asCaller(anonymous, await issuer.token({ subject: TEST_SUBJECT, scope: `${scopes.read} ${scopes.write}` }));
    await app.ready();
    const made = new Map<string, string>();
    for (const table of referenced.keys()) made.set(table, await madeRecord(anonymous, table));
    for (const [name, field] of Object.entries(findResource(feature.name)?.fields ?? {})) {
      const id = field.references === undefined ? undefined : made.get(field.references.table);
      if (id !== undefined) references.set(name, id);
    }
  });
  afterAll(() => app?.close());

  return {
    base,
    issuer,
    settings,
    get app() {
      return served();
    },
    /** The id of the record made for the reference field `name` to name (the caller's own). */
    reference(name: string): string {
      const id = references.get(name);
      if (id === undefined) throw new Error(`useResourceApp(): no record was made for ${name}`);
      return id;
    },
    /** The same app as the same caller (TEST_SUBJECT), with a token holding `scope` as well. */
    async callerWith(scope: string): Promise<FastifyInstance> {
      const token = await issuer.token({ subject: TEST_SUBJECT, scope: `${scopes.read} ${scopes.write} ${scope}` });
      return asCaller(anonymous as FastifyInstance, token);
    },
    /** The same app, with no token sent. */
    get anonymous() {
      served();
      return anonymous as FastifyInstance;
    },
    async create(body: Record<string, unknown>): Promise<{ record: Stored; etag: string }> {
      const response = await served().inject({ method: 'POST', url: `${base}/`, payload: body });
      expect(response.statusCode, response.body).toBe(201);
      return { record: response.json<Stored>(), etag: String(response.headers.etag) };
    },
    read: (id: string) => served().inject({ method: 'GET', url: `${base}/${id}` }),
    list: (query: Record<string, string>) =>
      served().inject({ method: 'GET', url: `${base}/?${new URLSearchParams(query).toString()}` }),
    /** PATCH of a record, with If-Match when `ifMatch` is given. */
    patch: (id: string, payload: Record<string, unknown>, ifMatch?: string) =>
      served().inject({
        method: 'PATCH',
        url: `${base}/${id}`,
        headers: ifMatch === undefined ? {} : { 'if-match': ifMatch },
        payload,
      }),
    remove: (id: string, ifMatch?: string) =>
      served().inject({
        method: 'DELETE',
        url: `${base}/${id}`,
        headers: ifMatch === undefined ? {} : { 'if-match': ifMatch },
      }),
  };
}
