/**
 * Reading a contract out of an OpenAPI document: only the feature's own operations, made relative to the
 * version prefix; references resolved; prose, examples and extensions dropped (a property or header named
 * like a keyword or an extension kept); header names lower-cased; path parameters required; no security
 * requirement read as public.
 */
import { describe, expect, it } from 'vitest';
import { deprecatedOperations, extractContract } from '../../../tools/cli/contract/extract.js';

const document = {
  openapi: '3.1.0',
  components: {
    schemas: {
      Owner: {
        type: 'object',
        description: 'prose',
        properties: { description: { type: 'string', description: 'a field called description' } },
      },
    },
    responses: {
      NotFound: { description: 'gone', content: { 'application/problem+json': { schema: { type: 'object' } } } },
    },
  },
  paths: {
    '/livez': { get: { responses: { '200': { description: 'ok' } } } },
    '/v2/pets_extra/': { get: { responses: {} } },
    '/v2/pets/{id}': {
      parameters: [{ in: 'path', name: 'id', schema: { type: 'string' } }],
      get: {
        summary: 'Read a pet',
        operationId: 'getPet',
        deprecated: true,
        'x-internal': true,
        parameters: [{ in: 'header', name: 'If-None-Match', required: false, schema: { type: 'string' } }],
        responses: {
          '200': {
            description: 'The pet',
            headers: {
              ETag: { schema: { type: 'string' }, description: 'version' },
              'X-RateLimit-Remaining': { schema: { type: 'integer' } },
            },
            content: {
              'application/json': {
                example: { owner: {} },
                schema: { type: 'object', properties: { owner: { $ref: '#/components/schemas/Owner' } } },
              },
            },
          },
          '404': { $ref: '#/components/responses/NotFound' },
        },
      },
      put: {
        security: [{ bearerAuth: ['pets:write', 'pets:read'] }],
        requestBody: { required: true, content: { 'application/json': { schema: { type: 'object' } } } },
        responses: { '204': { description: 'done' } },
      },
    },
  },
};

describe('extractContract', () => {
  const contract = extractContract(document, 'pets', 2, '/v2');

  it("keeps only the feature's operations, relative to the version prefix", () => {
    expect(Object.keys(contract.operations)).toEqual(['GET /pets/{id}', 'PUT /pets/{id}']);
    expect(contract).toMatchObject({ feature: 'pets', version: 2 });
  });

  it('resolves references and drops prose, examples, operation ids and extensions', () => {
    expect(contract.operations['GET /pets/{id}']).toEqual({
      parameters: [
        { in: 'header', name: 'if-none-match', required: false, schema: { type: 'string' } },
        { in: 'path', name: 'id', required: true, schema: { type: 'string' } },
      ],
      responses: {
        '200': {
          content: {
            'application/json': {
              type: 'object',
              properties: { owner: { type: 'object', properties: { description: { type: 'string' } } } },
            },
          },
          headers: { etag: { type: 'string' }, 'x-ratelimit-remaining': { type: 'integer' } },
        },
        '404': { content: { 'application/problem+json': { type: 'object' } }, headers: {} },
      },
      security: [],
    });
  });

  it('keeps the request body and the security requirement, scopes sorted', () => {
    expect(contract.operations['PUT /pets/{id}']).toMatchObject({
      requestBody: { required: true, content: { 'application/json': { type: 'object' } } },
      security: [{ bearerAuth: ['pets:read', 'pets:write'] }],
    });
  });

  it('keeps a recursive schema as its reference instead of looping', () => {
    const recursive = {
      components: {
        schemas: { Node: { type: 'object', properties: { next: { $ref: '#/components/schemas/Node' } } } },
      },
      paths: {
        '/v1/tree/': {
          get: {
            responses: {
              '200': { content: { 'application/json': { schema: { $ref: '#/components/schemas/Node' } } } },
            },
          },
        },
      },
    };
    const schema = extractContract(recursive, 'tree', 1, '/v1').operations['GET /tree/']?.responses['200']?.content[
      'application/json'
    ];
    expect(schema).toEqual({ type: 'object', properties: { next: { $ref: '#/components/schemas/Node' } } });
  });
});

describe("a deprecated operation's contract", () => {
  const withDeprecation = (deprecated: boolean) => {
    const header = { schema: { type: 'string' } };
    // Header names in any case: `sunset` as some documents write it.
    const headers = { Deprecation: header, sunset: header, Link: header, ETag: header };
    const operation = {
      ...(deprecated ? { deprecated: true } : {}),
      responses: { '200': { headers }, '410': { headers } },
    };
    return extractContract({ paths: { '/v1/pets/': { get: operation } } }, 'pets', 1, '/v1').operations['GET /pets/'];
  };

  it('leaves out what its deprecation adds: the Deprecation, Sunset and Link headers, and the 410', () => {
    expect(withDeprecation(true)?.responses).toEqual({ '200': { content: {}, headers: { etag: { type: 'string' } } } });
  });

  it('keeps the same headers and status on an operation that is not deprecated: there they are its own', () => {
    expect(Object.keys(withDeprecation(false)?.responses ?? {})).toEqual(['200', '410']);
    expect(Object.keys(withDeprecation(false)?.responses['200']?.headers ?? {})).toEqual([
      'deprecation',
      'etag',
      'link',
      'sunset',
    ]);
  });
});

describe('deprecatedOperations', () => {
  it('lists the operations marked deprecated', () => {
    expect(deprecatedOperations(document, 'pets', '/v2')).toEqual(['GET /pets/{id}']);
  });
});
