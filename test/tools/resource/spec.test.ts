import { describe, expect, it } from 'vitest';
import { Refusal } from '../../../tools/cli/errors.js';
import { parseResourcePayload, resourceSpec, singularOf } from '../../../tools/cli/resource/spec.js';
import { featureSpec, parsePayload } from '../../../tools/cli/spec.js';

describe('a resource from a payload', () => {
  it('reads fields as objects or as --field text, with the singular and the scopes', () => {
    const payload = parsePayload(
      JSON.stringify({
        feature: 'vet_visits',
        description: 'Visits to the vet',
        resource: {
          fields: { reason: { type: 'string', maxLength: 200 }, visits: 'integer:0..:default=0' },
          scopes: { read: 'visits:read' },
        },
      }),
      'p.json',
    );
    const spec = featureSpec(payload);
    expect(spec.resource).toEqual({
      fields: [
        { name: 'reason', type: 'string', maxLength: 200, optional: false, unique: false },
        {
          name: 'visits',
          type: 'integer',
          minimum: 0,
          maximum: 2_147_483_647,
          optional: false,
          unique: false,
          default: 0,
        },
      ],
      singular: 'vet_visit',
      scopes: { read: 'visits:read', write: 'vet_visits:write' },
      shared: false,
    });
  });

  it.each([
    [[], /"resource" is not an object/],
    [{ fields: [] }, /"resource\.fields" is not an object/],
    [{ fields: {}, extra: 1 }, /"resource" has an unknown key "extra"/],
    [{ fields: { a: 1 } }, /Field "a": expected an object/],
    [{ fields: {}, singular: 1 }, /"singular" is not a string/],
    [{ fields: {}, scopes: { admin: 'x' } }, /"scopes" is not an object with "read" and "write" keys/],
    [{ fields: {}, scopes: { read: 1 } }, /a scope is not a string/],
  ])('refuses the resource %j', (resource, message) => {
    expect(() => parseResourcePayload(resource, 'p.json')).toThrow(Refusal);
    expect(() => parseResourcePayload(resource, 'p.json')).toThrow(message);
  });
});

describe('resourceSpec', () => {
  const field = ['name', { type: 'text' }] as const;

  it.each([
    [{ fields: [] }, /needs at least one field/],
    [{ fields: [field, field] }, /Field "name": given twice/],
    [{ fields: [field], singular: 'Pet' }, /The singular name: Feature name "Pet" is not lower snake_case/],
    [{ fields: [field], singular: 'type' }, /would name its schema Type/],
    [{ fields: [field], scopes: { read: 'pets read' } }, /The read scope "pets read" is not/],
  ])('refuses %j', (input, message) => {
    expect(() => resourceSpec('pets', input)).toThrow(message);
  });

  it.each([
    ['pets', 'pet'],
    ['vet_visits', 'vet_visit'],
    ['categories', 'category'],
    ['boxes', 'box'],
    ['addresses', 'address'],
    ['sheep', 'sheep'],
    ['status', 'status'],
  ])('guesses the singular of %s as %s (--singular overrides it)', (name, singular) => {
    expect(singularOf(name)).toBe(singular);
  });
});
