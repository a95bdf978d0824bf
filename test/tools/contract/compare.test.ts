/**
 * The comparison, rule by rule, on contract objects: each breaking change the guard must catch, and the
 * additive and compatible changes it must let through. The operation has a path parameter, a query
 * parameter, a header, a request body and two responses, as a resource feature's would.
 */
import { describe, expect, it } from 'vitest';
import { describeChange, type Change } from '../../../tools/cli/contract/change.js';
import { compareContracts } from '../../../tools/cli/contract/compare.js';
import type { Contract, OperationContract } from '../../../tools/cli/contract/model.js';

const pet = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'name', 'species'],
  properties: {
    id: { type: 'string', format: 'uuid' },
    name: { type: 'string', maxLength: 100 },
    species: { type: 'string', enum: ['cat', 'dog'] },
    birthday: { anyOf: [{ type: 'string', format: 'date' }, { type: 'null' }] },
    tags: { type: 'array', items: { type: 'string' } },
  },
};

const petInput = {
  type: 'object',
  required: ['name'],
  properties: {
    name: { type: 'string', maxLength: 100 },
    species: { type: 'string', enum: ['cat', 'dog'] },
    weight: { type: ['number', 'null'] },
  },
};

const operation: OperationContract = {
  parameters: [
    { in: 'header', name: 'if-match', required: false, schema: { type: 'string' } },
    { in: 'path', name: 'id', required: true, schema: { type: 'string', format: 'uuid' } },
    { in: 'query', name: 'expand', required: false, schema: { type: 'string', enum: ['owner', 'visits'] } },
  ],
  requestBody: { required: true, content: { 'application/json': petInput } },
  responses: {
    '200': { content: { 'application/json': pet }, headers: { etag: { type: 'string' } } },
    '404': { content: { 'application/problem+json': { type: 'object' } }, headers: {} },
  },
  security: [{ bearerAuth: ['pets:write'] }],
};

const OPERATION = 'PATCH /pets/{id}';
const base: Contract = { feature: 'pets', version: 1, operations: { [OPERATION]: operation } };

const REMOVE = Symbol('remove');
const PET = ['responses', '200', 'content', 'application/json', 'properties'];
const INPUT = ['requestBody', 'content', 'application/json'];

/** The base contract with values set (or removed) at paths inside its operation, on a deep copy. */
function changed(...edits: [path: string[], value: unknown][]): Contract {
  const copy = structuredClone(operation);
  for (const [path, value] of edits) {
    const parent = path
      .slice(0, -1)
      .reduce<Record<string, unknown>>(
        (node, key) => node[key] as Record<string, unknown>,
        copy as unknown as Record<string, unknown>,
      );
    const last = path.at(-1) ?? '';
    if (value === REMOVE) Reflect.deleteProperty(parent, last);
    else parent[last] = value;
  }
  return { ...base, operations: { [OPERATION]: copy } };
}

const lines = (changes: Change[], severity: Change['severity']): string[] =>
  changes.filter((change) => change.severity === severity).map(describeChange);

describe('compareContracts: an unchanged contract', () => {
  it('finds nothing', () => {
    expect(compareContracts(base, structuredClone(base))).toEqual([]);
  });
});

describe('compareContracts: breaking changes, each named by operation and field', () => {
  const cases: [string, Contract, string][] = [
    ['a removed operation (or path)', { ...base, operations: {} }, `${OPERATION}: operation removed`],
    [
      'a removed response field',
      changed([[...PET, 'name'], REMOVE]),
      `${OPERATION}: response 200 application/json, field name: field removed`,
    ],
    [
      'a response field whose type changed',
      changed([[...PET, 'name', 'type'], 'integer']),
      'field name: type changed from string to integer',
    ],
    [
      'a response field whose format changed',
      changed([[...PET, 'id', 'format'], 'uri']),
      'field id: format changed from "uuid" to "uri"',
    ],
    [
      'a response field that became nullable',
      changed([
        [...PET, 'name', 'type'],
        ['string', 'null'],
      ]),
      'field name: nullability changed from string to null | string',
    ],
    [
      'a nullable response field that is no longer',
      changed([[...PET, 'birthday'], { type: 'string' }]),
      'field birthday: nullability changed from null | string to string',
    ],
    [
      'a response field no longer always present',
      changed([
        ['responses', '200', 'content', 'application/json', 'required'],
        ['id', 'species'],
      ]),
      'field name: field no longer always present',
    ],
    [
      'a response enum that may answer a new value',
      changed([
        [...PET, 'species', 'enum'],
        ['cat', 'dog', 'bird'],
      ]),
      'field species: enum widened: may now answer "bird"',
    ],
    [
      'a field removed inside an array item',
      changed([[...PET, 'tags', 'items'], { type: 'integer' }]),
      'field tags[]: type changed from string to integer',
    ],
    [
      'a new required request field',
      changed(
        [[...INPUT, 'properties', 'owner'], { type: 'string' }],
        [
          [...INPUT, 'required'],
          ['name', 'owner'],
        ],
      ),
      `${OPERATION}: request body application/json, field owner: new required request field`,
    ],
    [
      'an optional request field made required',
      changed([
        [...INPUT, 'required'],
        ['name', 'species'],
      ]),
      'field species: field now required',
    ],
    [
      'a new required query parameter',
      changed([['parameters', '3'], { in: 'query', name: 'owner', required: true, schema: { type: 'string' } }]),
      `${OPERATION}: query parameter owner: new required request parameter`,
    ],
    [
      'a new required header',
      changed([['parameters', '3'], { in: 'header', name: 'x-tenant', required: true, schema: {} }]),
      `${OPERATION}: header x-tenant: new required request parameter`,
    ],
    [
      'an optional header made required',
      changed([['parameters', '0', 'required'], true]),
      'header if-match: parameter now required',
    ],
    [
      'a narrowed request type',
      changed([[...INPUT, 'properties', 'weight', 'type'], 'integer']),
      'field weight: type narrowed from null | number to integer',
    ],
    [
      'a narrowed request enum',
      changed([[...INPUT, 'properties', 'species', 'enum'], ['cat']]),
      'field species: enum narrowed: no longer accepts "dog"',
    ],
    [
      'a narrowed union of literals (TypeBox Union of Literal)',
      changed([[...INPUT, 'properties', 'species'], { anyOf: [{ const: 'cat', type: 'string' }] }]),
      'field species: enum narrowed: no longer accepts "dog"',
    ],
    [
      'a narrowed parameter enum',
      changed([['parameters', '2', 'schema', 'enum'], ['owner']]),
      'query parameter expand: enum narrowed: no longer accepts "visits"',
    ],
    [
      'a narrowed path parameter format',
      changed([['parameters', '1', 'schema'], { type: 'integer' }]),
      'path parameter id: type narrowed from string to integer',
    ],
    [
      'a lower request maxLength',
      changed([[...INPUT, 'properties', 'name', 'maxLength'], 50]),
      'field name: maxLength narrowed from 100 to 50',
    ],
    [
      'a removed status code',
      changed([['responses', '404'], REMOVE]),
      `${OPERATION}: response 404: status code removed`,
    ],
    [
      'a removed response media type',
      changed([['responses', '404', 'content'], { 'application/json': { type: 'object' } }]),
      'response 404: media type application/problem+json removed',
    ],
    [
      'a removed request media type',
      changed([['requestBody', 'content'], { 'application/xml': petInput }]),
      'request body: media type application/json removed',
    ],
    [
      'a removed response header',
      changed([['responses', '200', 'headers'], {}]),
      'response 200 header etag: header removed',
    ],
    [
      'a changed security scope',
      changed([['security'], [{ bearerAuth: ['pets:admin'] }]]),
      `${OPERATION}: security: requirement changed from [{"bearerAuth":["pets:write"]}] to [{"bearerAuth":["pets:admin"]}]`,
    ],
    [
      'a public operation that now needs a token',
      { ...base, operations: { [OPERATION]: { ...operation, security: [] } } },
      'security: requirement changed from [{"bearerAuth":["pets:write"]}] to public',
    ],
  ];

  it.each(cases)('catches %s', (_label, after, expected) => {
    const breaking = lines(compareContracts(base, after), 'breaking');
    expect(
      breaking.some((line) => line.includes(expected)),
      breaking.join('\n'),
    ).toBe(true);
  });
});

describe('compareContracts: changes a client of the older contract cannot notice', () => {
  const cases: [string, Contract, string][] = [
    [
      'a new optional request field',
      changed([[...INPUT, 'properties', 'colour'], { type: 'string' }]),
      'field colour: new optional request field',
    ],
    ['a new response field', changed([[...PET, 'colour'], { type: 'string' }]), 'field colour: new response field'],
    [
      'a new operation',
      { ...base, operations: { ...base.operations, 'GET /pets/': operation } },
      'GET /pets/: new operation',
    ],
    [
      'a new optional query parameter',
      changed([['parameters', '3'], { in: 'query', name: 'limit', required: false, schema: { type: 'integer' } }]),
      'query parameter limit: new optional request parameter',
    ],
    [
      'a new status code',
      changed([['responses', '409'], { content: {}, headers: {} }]),
      'response 409: new status code',
    ],
    [
      'a widened request enum',
      changed([
        [...INPUT, 'properties', 'species', 'enum'],
        ['cat', 'dog', 'bird'],
      ]),
      'field species: enum now also accepts "bird"',
    ],
  ];

  it.each(cases)('lets through %s, and reports it', (_label, after, expected) => {
    const changes = compareContracts(base, after);
    expect(lines(changes, 'breaking')).toEqual([]);
    expect(
      changes.map(describeChange).some((line) => line.includes(expected)),
      changes.map(describeChange).join('\n'),
    ).toBe(true);
  });

  it('accepts a wider request type and a looser request bound', () => {
    const after = changed([[...INPUT, 'properties', 'name'], { type: ['string', 'null'], maxLength: 200 }]);
    expect(lines(compareContracts(base, after), 'breaking')).toEqual([]);
  });

  it('compares an unfamiliar union as a whole, reporting any difference as breaking', () => {
    const union = (types: string[]): Contract =>
      changed([[...PET, 'tags'], { anyOf: types.map((type) => ({ type })) }]);
    const before = union(['string', 'integer']);
    expect(compareContracts(before, union(['string', 'integer']))).toEqual([]);
    expect(lines(compareContracts(before, union(['string', 'boolean'])), 'breaking').join('\n')).toContain(
      'field tags: union or intersection changed',
    );
  });
});
