/**
 * A resource feature served by the real app (createApp, its error handling and auth) on a database of the
 * calling test file's own, as a caller holding both of its scopes; with the requests its tests make.
 *
 * ```ts
 * const served = useResourceApp(feature, { read: 'pets:read', write: 'pets:write' });
 * it('...', async () => { const { record, etag } = await served.create({ name: 'Rex' }); ... });
 * ```
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect } from 'vitest';
import { createApp } from '../../src/app.js';
import type { FeatureModule } from '../../src/core/features/feature.js';
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

export function useResourceApp(
  feature: FeatureModule,
  scopes: { readonly read: string; readonly write: string },
  featuresRoot?: string,
) {
  const database = useTestDatabase();
  const issuer = useTestIssuer();
  const base = `/v${feature.version}/${feature.name}`;
  /** Settings trusting the test issuer; rate limits off, as these tests are about the resource (see test/core/rate-limit). */
  const settings = (env: Record<string, string> = {}) =>
    database.settings(issuer.settings({ RATE_LIMIT_READ_MAX: '0', RATE_LIMIT_WRITE_MAX: '0', ...env }));
  let anonymous: FastifyInstance | undefined;
  let app: FastifyInstance | undefined;
  const served = () => {
    if (app === undefined) throw new Error('useResourceApp(): the app exists only inside tests and hooks');
    return app;
  };

  beforeAll(async () => {
    anonymous = createApp(settings(), { features: [feature], featuresRoot });
    app = asCaller(anonymous, await issuer.token({ scope: `${scopes.read} ${scopes.write}` }));
    await app.ready();
  });
  afterAll(() => app?.close());

  return {
    base,
    issuer,
    settings,
    get app() {
      return served();
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
