/**
 * The comparison's breaking rules, one test each, on contract objects (fixture.ts): every change a client
 * of the older contract can trip over is reported as breaking, naming the operation and the field.
 */
import { describe, expect, it } from 'vitest';
import { compareContracts } from '../../../tools/cli/contract/compare.js';
import type { Contract } from '../../../tools/cli/contract/model.js';
import { base, changed, INPUT, lines, operation, OPERATION, PET, petInput, REMOVE } from './fixture.js';

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
      changed([['parameters', '4'], { in: 'query', name: 'owner', required: true, schema: { type: 'string' } }]),
      `${OPERATION}: query parameter owner: new required request parameter`,
    ],
    [
      'a new required header',
      changed([['parameters', '4'], { in: 'header', name: 'x-tenant', required: true, schema: {} }]),
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
      'a removed response maxLength',
      changed([[...PET, 'name', 'maxLength'], REMOVE]),
      `${OPERATION}: response 200 application/json, field name: maxLength loosened from 100 to none`,
    ],
    [
      'a raised response maxLength',
      changed([[...PET, 'name', 'maxLength'], 200]),
      'field name: maxLength loosened from 100 to 200',
    ],
    [
      'a removed response pattern',
      changed([[...PET, 'name', 'pattern'], REMOVE]),
      'field name: pattern loosened from "^[A-Z]" to none',
    ],
    [
      'a request parameter that must now be a multiple',
      changed([['parameters', '3', 'schema', 'multipleOf'], 10]),
      `${OPERATION}: query parameter page: multipleOf narrowed from none to 10`,
    ],
    [
      'a response header whose type changed',
      changed([['responses', '200', 'headers', 'etag'], { type: 'integer' }]),
      `${OPERATION}: response 200 header etag: type changed from string to integer`,
    ],
    [
      'a response header that lost its bound',
      changed([['responses', '200', 'headers', 'x-count'], { type: 'integer' }]),
      'response 200 header x-count: maximum loosened from 100 to none',
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

describe('compareContracts: multipleOf, by divisibility', () => {
  const weight = (multipleOf: number): Contract =>
    changed([[...INPUT, 'properties', 'weight', 'multipleOf'], multipleOf]);

  it('lets a request accept a divisor of its old step (0.3 to 0.1), and refuses any other step', () => {
    expect(lines(compareContracts(weight(0.3), weight(0.1)), 'breaking')).toEqual([]);
    expect(lines(compareContracts(weight(0.3), weight(0.2)), 'breaking')).toEqual([
      `${OPERATION}: request body application/json, field weight: multipleOf changed from 0.3 to 0.2`,
    ]);
  });
});
