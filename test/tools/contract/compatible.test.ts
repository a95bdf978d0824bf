/**
 * The comparison lets through what a client of the older contract cannot notice, and reports it:
 * additions, wider requests; and unions it cannot look inside are compared as a whole.
 */
import Type from 'typebox';
import { describe, expect, it } from 'vitest';
import { describeChange } from '../../../tools/cli/contract/change.js';
import { compareContracts } from '../../../tools/cli/contract/compare.js';
import type { Contract } from '../../../tools/cli/contract/model.js';
import { base, changed, INPUT, lines, operation, OPERATION, PET } from './fixture.js';

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
      changed([['parameters', '4'], { in: 'query', name: 'limit', required: false, schema: { type: 'integer' } }]),
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

  it('accepts a tighter response bound and a new response pattern: the answers stay within the old promise', () => {
    const after = changed([[...PET, 'name', 'maxLength'], 50], [[...PET, 'id', 'pattern'], '^[0-9a-f-]+$']);
    expect(compareContracts(base, after).map(describeChange)).toEqual([
      `${OPERATION}: response 200 application/json, field id: pattern narrowed from none to "^[0-9a-f-]+$"`,
      `${OPERATION}: response 200 application/json, field name: maxLength narrowed from 100 to 50`,
    ]);
    expect(lines(compareContracts(base, after), 'breaking')).toEqual([]);
  });

  it('accepts a wider request type and a looser request bound', () => {
    const after = changed([[...INPUT, 'properties', 'name'], { type: ['string', 'null'], maxLength: 200 }]);
    expect(lines(compareContracts(base, after), 'breaking')).toEqual([]);
  });

  it('lets If-Match be documented as required where 428 already answered its absence, and only there', () => {
    const problem = { content: { 'application/problem+json': { type: 'object' } }, headers: {} };
    const answers428 = changed([['responses', '428'], problem]);
    const documented = changed([['responses', '428'], problem], [['parameters', '0', 'required'], true]);
    expect(compareContracts(answers428, documented).map(describeChange)).toEqual([
      `${OPERATION}: header if-match: documented as required (428 already answered its absence)`,
    ]);
    expect(lines(compareContracts(answers428, documented), 'breaking')).toEqual([]);
    // Without a 428 before, requests without it were served: requiring it breaks them.
    expect(lines(compareContracts(base, documented), 'breaking')).toEqual([
      `${OPERATION}: header if-match: parameter now required`,
    ]);
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

describe('compareContracts: the same values written another way', () => {
  const values = ['cat', 'dog'];
  // What TypeBox writes into the OpenAPI document for each (JSON, as the snapshot holds it).
  const asEnum = JSON.parse(JSON.stringify(Type.Enum(values))) as object;
  const asUnion = JSON.parse(JSON.stringify(Type.Union(values.map((value) => Type.Literal(value))))) as object;
  const species = (schema: object): Contract =>
    changed([[...INPUT, 'properties', 'species'], schema], [[...PET, 'species'], schema]);

  it('finds no change when Type.Enum is rewritten as a Union of Literals, nor back', () => {
    expect(asEnum).not.toHaveProperty('type'); // the shape that made the guard see "any" before
    expect(compareContracts(species(asEnum), species(asUnion)).map(describeChange)).toEqual([]);
    expect(compareContracts(species(asUnion), species(asEnum)).map(describeChange)).toEqual([]);
  });
});
