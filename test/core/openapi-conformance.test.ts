/**
 * What every operation's document says without its feature writing it (src/core/openapi/): operation ids,
 * the shared Problem schema, a response for each status the core can answer, the headers, the document's
 * info, servers and tags. Apps mount their own features, so these hold whatever the registry lists.
 */
import { STATUS_CODES } from 'node:http';
import type { FastifyInstance } from 'fastify';
import type { OpenAPIV3_1 } from 'openapi-types';
import Value from 'typebox/value';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { conformDocument } from '../../src/core/openapi/document.js';
import { deriveOperationId } from '../../src/core/openapi/operations.js';
import { Problem, PROBLEM_CONTENT_TYPE, problem } from '../../src/core/errors/problem.js';
import { feature as smokeTest } from '../../src/features/smoke_test/v1/index.js';
import { thingsFeature } from '../helpers/item-feature.js';
import { testSettings } from '../helpers/settings.js';

type Document = OpenAPIV3_1.Document;
type Response = OpenAPIV3_1.ResponseObject;

let app: FastifyInstance;
let document: Document;

beforeAll(async () => {
  app = createApp(testSettings(), { features: [smokeTest, thingsFeature] });
  document = (await app.inject('/v1/openapi.json')).json<Document>();
});
afterAll(() => app.close());

const operation = (path: string, method: 'get' | 'post' = 'get') => document.paths?.[path]?.[method];

/** A response, its `$ref` to components.responses followed. */
function response(path: string, status: string, method: 'get' | 'post' = 'get'): Response {
  const found = operation(path, method)?.responses[status] as Response | OpenAPIV3_1.ReferenceObject | undefined;
  if (found && '$ref' in found) return document.components?.responses?.[found.$ref.split('/').pop() ?? ''] as Response;
  return found as Response;
}

const headerNames = (found: Response) => Object.keys(found.headers ?? {});

describe('operations', () => {
  it('each has a unique operationId, derived from its method and path where the route declares none', () => {
    expect(operation('/v1/smoke_test/')?.operationId).toBe('getSmokeTestV1');
    expect(operation('/livez')?.operationId).toBe('getLivez');
    expect(operation('/readyz')?.operationId).toBe('getReadyz');
    expect(operation('/v1/things/{id}')?.operationId).toBe('getThingsByIdV1');
    expect(operation('/v1/things/', 'post')?.operationId).toBe('postThingsV1');
  });

  it('derive the same id whatever the version prefix is configured to', () => {
    expect(deriveOperationId('GET', '/api/v2/vet_visits/{visit_id}', '/api/v2', 2)).toBe('getVetVisitsByVisitIdV2');
  });

  it('document the statuses the core can answer for each, and no other', () => {
    const statuses = (path: string, method: 'get' | 'post' = 'get') =>
      Object.keys(operation(path, method)?.responses ?? {});
    expect(statuses('/v1/smoke_test/')).toEqual(['200', '400', '413', '414', '429', '500', '503']);
    // The probes are never rate-limited; the liveness probe is never shed.
    expect(statuses('/livez')).toEqual(['200', '400', '413', '414', '500']);
    expect(statuses('/readyz')).toEqual(['200', '400', '413', '414', '500', '503']);
    // A path parameter may name nothing (404); a body may be of a type the route does not read (415).
    expect(statuses('/v1/things/{id}')).toEqual(['200', '400', '404', '413', '414', '429', '500', '503']);
    expect(statuses('/v1/things/', 'post')).toEqual(['201', '400', '413', '414', '415', '429', '500', '503']);
  });

  it('give every error one schema, the shared Problem, as application/problem+json', () => {
    for (const [path, item] of Object.entries(document.paths ?? {})) {
      for (const method of ['get', 'post'] as const) {
        for (const status of Object.keys(item?.[method]?.responses ?? {}).filter((code) => /^[45]/.test(code))) {
          const content = response(path, status, method).content;
          expect(Object.keys(content ?? {}), `${method} ${path} ${status}`).toEqual([PROBLEM_CONTENT_TYPE]);
          expect(content?.[PROBLEM_CONTENT_TYPE]?.schema).toEqual({ $ref: '#/components/schemas/Problem' });
        }
      }
    }
    expect(document.components?.schemas?.Problem).toEqual(JSON.parse(JSON.stringify(Problem)));
  });

  it('say Retry-After on 429 and 503, rate-limit headers where a limit applies, CORS on every response', () => {
    expect(response('/v1/smoke_test/', '429').headers?.['Retry-After']).toMatchObject({ required: true });
    expect(response('/v1/smoke_test/', '503').headers?.['Retry-After']).toMatchObject({ required: true });
    expect(headerNames(response('/v1/smoke_test/', '429'))).toEqual(
      expect.arrayContaining(['RateLimit-Policy', 'RateLimit']),
    );
    expect(headerNames(response('/v1/smoke_test/', '200'))).toEqual(
      expect.arrayContaining(['Access-Control-Allow-Origin', 'RateLimit-Policy', 'RateLimit']),
    );
    // The split fields of the draft's earlier revisions stay, for the released contracts that promise them.
    expect(headerNames(response('/v1/smoke_test/', '200'))).toEqual(
      expect.arrayContaining(['RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset']),
    );
    expect(headerNames(response('/livez', '200'))).toEqual(['Access-Control-Allow-Origin']);
    expect(headerNames(response('/livez', '400'))).toEqual(['Access-Control-Allow-Origin']);
  });
});

describe('/readyz', () => {
  it('documents as its 503 example the very document it answers when not ready', async () => {
    const media = response('/readyz', '503').content?.[PROBLEM_CONTENT_TYPE];
    const examples = Object.values(media?.examples ?? {}).map(
      (example) => (example as OpenAPIV3_1.ExampleObject).value as unknown,
    );
    const notReadyApp = createApp(testSettings(), { features: [] });
    try {
      await notReadyApp.ready();
      notReadyApp.readiness.ready = false;
      const answer = await notReadyApp.inject('/readyz');
      expect(answer.statusCode).toBe(503);
      expect(examples).toContainEqual(answer.json());
      expect(answer.json()).toEqual({
        type: 'about:blank',
        title: 'Service Unavailable',
        status: 503,
        detail: 'The service is shutting down.',
      });
    } finally {
      await notReadyApp.close();
    }
  });
});

describe('the Problem schema', () => {
  it('holds for the document of every error status', () => {
    for (let status = 400; status < 600; status += 1) {
      if (STATUS_CODES[status]) expect(Value.Check(Problem, problem(status, 'x')), String(status)).toBe(true);
    }
  });

  it('holds for a detail quoting control characters or running long, which problem() cleans and cuts', () => {
    const document_ = problem(400, `Unsupported Media Type: text/a\tb\r\n${'x'.repeat(5000)}`);
    expect(Value.Check(Problem, document_)).toBe(true);
    expect(document_.detail.startsWith('Unsupported Media Type: text/a b  x')).toBe(true);
  });

  it('rejects a detail with a line break, so the schema says what problem() guarantees', () => {
    expect(Value.Check(Problem, { ...problem(400, 'x'), detail: 'a\nb' })).toBe(false);
  });
});

describe('the document', () => {
  it('has a description, a contact, a license, a server and described tags for every tag used', () => {
    expect(document.info.description).toEqual(expect.any(String));
    expect(document.info.contact?.name).toEqual(expect.any(String));
    expect(document.info.license?.name).toBe('Proprietary');
    expect(document.info.license?.identifier).toMatch(/^LicenseRef-/);
    expect(document.servers?.[0]).toMatchObject({ url: '/', 'x-internal': false });
    const used = new Set(
      Object.values(document.paths ?? {}).flatMap((item) => [item?.get, item?.post].flatMap((op) => op?.tags ?? [])),
    );
    expect(document.tags?.map((tag) => tag.name).sort()).toEqual([...used].sort());
    for (const tag of document.tags ?? []) expect(tag.description).toEqual(expect.any(String));
  });

  it('refuses to build when two operations would share an id, naming both', () => {
    const clashing: Document = {
      openapi: '3.1.0',
      info: { title: 't', version: '1' },
      paths: { '/v1/a_b/c': { get: { responses: {} } }, '/v1/a/b_c': { get: { responses: {} } } },
    };
    expect(() => conformDocument(clashing, '/v1', 1)).toThrow(
      'GET /v1/a/b_c and GET /v1/a_b/c share operationId "getABCV1"; declare one',
    );
  });
});
