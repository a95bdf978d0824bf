/**
 * What a client generator reads in a resource's OpenAPI document (issue 20 item 5): the record is one named
 * component its operations refer to, so the generated client has a named type; If-Match is a required header
 * of PATCH and DELETE, whose absence the service answers 428. Built on the gadgets resource (no database:
 * the app builds its documents without one).
 */
import type { FastifyInstance } from 'fastify';
import openapiTS, { astToString } from 'openapi-typescript';
import type { OpenAPIV3_1 } from 'openapi-types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../../src/app.js';
import { GADGETS_FEATURES_ROOT, gadgetsFeature } from '../../helpers/gadgets-resource.js';
import { useTestDatabase } from '../../helpers/database.js';

// A database of its own: the gadgets' migrations alone, not the shared database's registered features.
const database = useTestDatabase();
let app: FastifyInstance;
let document: OpenAPIV3_1.Document;

beforeAll(async () => {
  app = createApp(database.settings({ AUTH_REQUIRED: 'false' }), {
    features: [gadgetsFeature()],
    featuresRoot: GADGETS_FEATURES_ROOT,
  });
  document = (await app.inject('/v1/openapi.json')).json<OpenAPIV3_1.Document>();
});

afterAll(() => app.close());

const schemaOf = (path: string, method: 'get' | 'post' | 'patch', status: string) =>
  (document.paths?.[path]?.[method]?.responses[status] as OpenAPIV3_1.ResponseObject).content?.['application/json']
    ?.schema;

describe('a resource in the OpenAPI document', () => {
  it('lists its record once, as components.schemas.Gadget, and every operation refers to it', () => {
    const ref = { $ref: '#/components/schemas/Gadget' };
    expect(document.components?.schemas?.Gadget).toMatchObject({ type: 'object', additionalProperties: false });
    expect(schemaOf('/v1/gadgets/', 'post', '201')).toEqual(ref);
    expect(schemaOf('/v1/gadgets/{id}', 'get', '200')).toEqual(ref);
    expect(schemaOf('/v1/gadgets/{id}', 'patch', '200')).toEqual(ref);
    expect(schemaOf('/v1/gadgets/', 'get', '200')).toMatchObject({ properties: { items: { items: ref } } });
    expect(JSON.stringify(document)).not.toContain('x-petsage');
  });

  it('documents If-Match as required on PATCH and DELETE', () => {
    for (const method of ['patch', 'delete'] as const) {
      const parameters = document.paths?.['/v1/gadgets/{id}']?.[method]?.parameters as OpenAPIV3_1.ParameterObject[];
      expect(parameters.find((parameter) => parameter.name === 'if-match')).toMatchObject({
        in: 'header',
        required: true,
      });
    }
  });

  it('gives a generated client a named Gadget type and a required If-Match (openapi-typescript)', async () => {
    const client = astToString(await openapiTS(document as never));
    expect(client).toMatch(/\n {8}Gadget: \{/);
    expect(client).toMatch(/"application\/json": components\["schemas"\]\["Gadget"\];/);
    expect(client).toMatch(/"if-match": string;/);
    expect(client).not.toMatch(/"if-match"\?: string;/);
  });

  it("gives the 201's Location an example of the resource's own path", () => {
    const created = document.paths?.['/v1/gadgets/']?.post?.responses['201'] as OpenAPIV3_1.ResponseObject;
    const location = created.headers?.Location as OpenAPIV3_1.HeaderObject;
    expect((location.schema as OpenAPIV3_1.SchemaObject).examples).toEqual([
      '/v1/gadgets/0b5a4c3e-8f1d-4c6e-9a2b-7d3f1e5c9a10',
    ]);
  });

  it('gives a one-line string field minLength 1 (a name names something), a text field none', async () => {
    const properties = (document.components?.schemas?.Gadget as OpenAPIV3_1.SchemaObject).properties ?? {};
    expect(properties.label).toMatchObject({ minLength: 1 });
    expect(JSON.stringify(properties.notes)).not.toContain('minLength');
    const response = await app.inject({ method: 'POST', url: '/v1/gadgets/', payload: { label: '', kind: 'toy' } });
    expect(response.statusCode, response.body).toBe(400);
  });

  it('still answers 428, not 400, to a PATCH without If-Match', async () => {
    const response = await app.inject({
      method: 'PATCH',
      url: '/v1/gadgets/00000000-0000-4000-8000-000000000000',
      payload: { label: 'Fork' },
    });
    expect(response.statusCode, response.body).toBe(428);
  });
});
