/**
 * The contract the comparison tests change, one edit at a time: a resource-shaped operation with a path
 * parameter, two query parameters, a header, a request body, two responses and a security requirement.
 */
import { describeChange, type Change } from '../../../tools/cli/contract/change.js';
import type { Contract, OperationContract } from '../../../tools/cli/contract/model.js';

const pet = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'name', 'species'],
  properties: {
    id: { type: 'string', format: 'uuid' },
    name: { type: 'string', maxLength: 100, pattern: '^[A-Z]' },
    species: { type: 'string', enum: ['cat', 'dog'] },
    birthday: { anyOf: [{ type: 'string', format: 'date' }, { type: 'null' }] },
    tags: { type: 'array', items: { type: 'string' } },
  },
};

export const petInput = {
  type: 'object',
  required: ['name'],
  properties: {
    name: { type: 'string', maxLength: 100 },
    species: { type: 'string', enum: ['cat', 'dog'] },
    weight: { type: ['number', 'null'] },
  },
};

export const operation: OperationContract = {
  parameters: [
    { in: 'header', name: 'if-match', required: false, schema: { type: 'string' } },
    { in: 'path', name: 'id', required: true, schema: { type: 'string', format: 'uuid' } },
    { in: 'query', name: 'expand', required: false, schema: { type: 'string', enum: ['owner', 'visits'] } },
    { in: 'query', name: 'page', required: false, schema: { type: 'integer', minimum: 1 } },
  ],
  requestBody: { required: true, content: { 'application/json': petInput } },
  responses: {
    '200': {
      content: { 'application/json': pet },
      headers: { etag: { type: 'string' }, 'x-count': { type: 'integer', maximum: 100 } },
    },
    '404': { content: { 'application/problem+json': { type: 'object' } }, headers: {} },
  },
  security: [{ bearerAuth: ['pets:write'] }],
};

export const OPERATION = 'PATCH /pets/{id}';
export const base: Contract = { feature: 'pets', version: 1, operations: { [OPERATION]: operation } };

export const REMOVE = Symbol('remove');
export const PET = ['responses', '200', 'content', 'application/json', 'properties'];
export const INPUT = ['requestBody', 'content', 'application/json'];

/** The base contract with values set (or removed) at paths inside its operation, on a deep copy. */
export function changed(...edits: [path: string[], value: unknown][]): Contract {
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

export const lines = (changes: Change[], severity: Change['severity']): string[] =>
  changes.filter((change) => change.severity === severity).map(describeChange);
