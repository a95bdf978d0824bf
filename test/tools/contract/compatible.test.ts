/**
 * The comparison lets through what a client of the older contract cannot notice, and reports it:
 * additions, wider requests; and unions it cannot look inside are compared as a whole.
 */
import { describe, expect, it } from 'vitest';
import { describeChange } from '../../../tools/cli/contract/change.js';
import { compareContracts } from '../../../tools/cli/contract/compare.js';
import type { Contract } from '../../../tools/cli/contract/model.js';
import { base, changed, INPUT, lines, operation, PET } from './fixture.js';

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
