/**
 * The OpenAPI documents and the docs page, as served by the whole app. The app mounts the smoke test alone,
 * so these tests hold whatever other features the registry lists (`petsage feature new` adds some).
 */
import { validate } from '@readme/openapi-parser';
import type { FastifyInstance } from 'fastify';
import type { OpenAPIV3_1 } from 'openapi-types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import type { FeatureModule } from '../../src/core/features/feature.js';
import { feature as smokeTest } from '../../src/features/smoke_test/v1/index.js';
import { testSettings } from '../helpers/settings.js';

const SMOKE_TEST_DESCRIPTION =
  'This endpoint serves as a basic health and functionality check. ' +
  'A successful 200 OK response indicates that the PetSage API server is running and the routing is configured correctly.';

async function fetchDocument(app: FastifyInstance, url: string): Promise<OpenAPIV3_1.Document> {
  const response = await app.inject(url);
  expect(response.statusCode).toBe(200);
  expect(response.headers['content-type']).toBe('application/json');
  return response.json<OpenAPIV3_1.Document>();
}

describe('GET /v1/openapi.json', () => {
  let app: FastifyInstance;
  let document: OpenAPIV3_1.Document;

  beforeAll(async () => {
    app = createApp(testSettings({ PROJECT_NAME: 'PetSage Test', PROJECT_VERSION: '9.8.7' }), {
      features: [smokeTest],
    });
    document = await fetchDocument(app, '/v1/openapi.json');
  });

  afterAll(() => app.close());

  it('is a valid OpenAPI 3.1 document', async () => {
    expect(document.openapi).toBe('3.1.0');
    const result = await validate(structuredClone(document));
    expect(result.valid, JSON.stringify(result)).toBe(true);
  });

  it('lists the probes under the smoke test tag, and hides /metrics', () => {
    const tags = (path: string) => document.paths?.[path]?.get?.tags;
    expect(tags('/livez')).toEqual(['Health & Smoke Tests']);
    expect(tags('/readyz')).toEqual(['Health & Smoke Tests']);
    expect(tags('/v1/smoke_test/')).toEqual(['Health & Smoke Tests']);
    expect(document.paths).not.toHaveProperty('/metrics');
  });

  it('would fail that validation if it lost a required part', async () => {
    const broken: Partial<OpenAPIV3_1.Document> = structuredClone(document);
    delete broken.info;
    expect((await validate(broken as OpenAPIV3_1.Document)).valid).toBe(false);
  });

  it('carries the title and version from the settings', () => {
    expect(document.info).toMatchObject({ title: 'PetSage Test', version: '9.8.7' });
  });

  it('lists the smoke test once, at its canonical path with the trailing slash, beside the probes', () => {
    expect(Object.keys(document.paths ?? {}).sort()).toEqual(['/livez', '/readyz', '/v1/smoke_test/']);
    expect(Object.keys(document.paths?.['/v1/smoke_test/'] ?? {})).toEqual(['get', 'head']);
  });

  it('documents HEAD beside GET, as Fastify serves it: the same statuses and headers, and no body', () => {
    const { get, head } = document.paths?.['/v1/smoke_test/'] ?? {};
    expect(Object.keys(head?.responses ?? {})).toEqual(Object.keys(get?.responses ?? {}));
    const ok = head?.responses['200'] as OpenAPIV3_1.ResponseObject;
    expect(ok.content).toBeUndefined();
    expect(ok.headers).toEqual((get?.responses['200'] as OpenAPIV3_1.ResponseObject).headers);
    expect(head?.operationId).not.toBe(get?.operationId);
  });

  it('documents the operation with the tag, summary and description of the spec', () => {
    const operation = document.paths?.['/v1/smoke_test/']?.get;
    expect(operation?.tags).toEqual(['Health & Smoke Tests']);
    expect(operation?.summary).toBe('Perform a System Smoke Test');
    expect(operation?.description).toBe(SMOKE_TEST_DESCRIPTION);
  });

  it('documents the 200 response: three required strings with descriptions, and the example', () => {
    const response = document.paths?.['/v1/smoke_test/']?.get?.responses['200'] as OpenAPIV3_1.ResponseObject;
    const content = response.content?.['application/json'];
    const schema = content?.schema as OpenAPIV3_1.SchemaObject;
    expect(schema.type).toBe('object');
    expect(schema.required).toEqual(['status', 'feature', 'message']);
    for (const field of ['status', 'feature', 'message']) {
      const property = schema.properties?.[field] as OpenAPIV3_1.SchemaObject;
      expect(property.type).toBe('string');
      expect(property.description).toEqual(expect.any(String));
    }
    expect(content?.example).toEqual({
      status: 'ok',
      feature: 'smoke_test',
      message: 'PetSage Backend is up and running!',
    });
  });

  it('leaves out its own route and the docs page', () => {
    const paths = Object.keys(document.paths ?? {});
    expect(paths.some((path) => path.includes('openapi') || path.startsWith('/docs'))).toBe(false);
  });

  it('is not served for a version that has no feature', async () => {
    expect((await app.inject('/v2/openapi.json')).statusCode).toBe(404);
  });
});

describe('versioned documents', () => {
  const echoV2: FeatureModule = {
    name: 'echo',
    version: 2,
    router: async (app) => {
      app.get('/', { schema: { tags: ['Echo'], summary: 'Echo v2' } }, async () => ({ ok: true }));
    },
  };
  let app: FastifyInstance;

  beforeAll(() => {
    app = createApp(testSettings(), { features: [smokeTest, echoV2] });
  });

  afterAll(() => app.close());

  it('gives each version a document of its own operations', async () => {
    const v1 = await fetchDocument(app, '/v1/openapi.json');
    const v2 = await fetchDocument(app, '/v2/openapi.json');
    // Unversioned operations (the probes) belong to every version's document.
    expect(Object.keys(v1.paths ?? {}).sort()).toEqual(['/livez', '/readyz', '/v1/smoke_test/']);
    expect(Object.keys(v2.paths ?? {}).sort()).toEqual(['/livez', '/readyz', '/v2/echo/']);
    expect((await validate(structuredClone(v2))).valid).toBe(true);
  });

  it('serves each version under its own prefix', async () => {
    expect((await app.inject('/v2/echo/')).json()).toEqual({ ok: true });
    expect((await app.inject('/v2/smoke_test/')).statusCode).toBe(404);
  });
});

describe('GET /docs', () => {
  let app: FastifyInstance;

  beforeAll(() => {
    app = createApp(testSettings());
  });

  afterAll(() => app.close());

  it('answers the API reference page as HTML', async () => {
    const response = await app.inject('/docs');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/html/);
    expect(response.body).toContain('swagger-ui');
  });

  it('points the page at the versioned OpenAPI document, with assets served locally', async () => {
    const initializer = await app.inject('/docs/static/swagger-initializer.js');
    expect(initializer.statusCode).toBe(200);
    expect(initializer.body).toContain('/v1/openapi.json');
    const bundle = await app.inject('/docs/static/swagger-ui-bundle.js');
    expect(bundle.statusCode).toBe(200);
  });
});
