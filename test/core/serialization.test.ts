/**
 * Response serializers compiled once per distinct schema, when first used: equal schemas share one function,
 * different ones do not, and what they write is what fast-json-stringify writes for that schema.
 */
import fastJsonStringify from 'fast-json-stringify';
import Type from 'typebox';
import { describe, expect, it } from 'vitest';
import { buildSerializer, nullableAsTypeList } from '../../src/core/errors/serialization.js';
import { Problem, problem } from '../../src/core/errors/problem.js';
import { nounsOf } from '../../src/core/resource/nouns.js';
import { resourceSchemas } from '../../src/core/resource/schemas.js';
import { gadgets } from '../helpers/gadgets-resource.js';

const route = (schema: unknown, httpStatus = '404') => ({ schema, method: 'GET', url: '/v1/x/', httpStatus });
const Pet = () =>
  Type.Object({ name: Type.String(), born: Type.Union([Type.String({ format: 'date' }), Type.Null()]) });

describe('buildSerializer', () => {
  it('gives equal schemas, even as different objects on different routes, one compiled function', () => {
    const compile = buildSerializer({}, {});
    const first = compile(route(Problem));
    expect(compile(route(structuredClone(Problem), '409'))).toBe(first);
    expect(compile(route(Pet()))).toBe(compile(route(Pet(), '200')));
  });

  it('compiles a different schema into a different function', () => {
    const compile = buildSerializer({}, {});
    expect(compile(route(Pet()))).not.toBe(compile(route(Problem)));
  });

  it('compiles a schema when its serializer is first used, not before (start-up does not pay for it)', () => {
    const compile = buildSerializer({}, {});
    const unresolvable = compile(route({ $ref: 'missing.json#' }));
    expect(() => unresolvable({})).toThrow();
  });

  it("writes what fast-json-stringify writes for the schema, dropping what the schema doesn't name", () => {
    const compile = buildSerializer({}, {});
    const document = { ...problem(404, 'No pet with this id.'), internal: 'not for the client' };
    expect(compile(route(Problem))(document)).toBe(fastJsonStringify(Problem)(document));
    expect(JSON.parse(compile(route(Problem))(document))).toEqual(problem(404, 'No pet with this id.'));
    const pet = { name: 'Rex', born: null, owner: 'hidden' };
    expect(compile(route(Pet()))(pet)).toBe('{"name":"Rex","born":null}');
  });

  it('compiles a nullable scalar as a type list, and leaves what a type list cannot say as written', () => {
    const text = Type.String({ maxLength: 9, pattern: '^[a-z]*$', description: 'A note.' });
    expect(nullableAsTypeList(Type.Object({ note: Type.Union([text, Type.Null()]) }))).toMatchObject({
      properties: { note: { type: ['string', 'null'], maxLength: 9, pattern: '^[a-z]*$', description: 'A note.' } },
    });
    expect(nullableAsTypeList({ anyOf: [{ type: 'null' }, { type: 'integer' }] })).toEqual({
      type: ['integer', 'null'],
    });
    const kept = [
      Type.Union([Type.Object({ a: Type.String() }), Type.Null()]),
      Type.Union([Type.Literal('a'), Type.Null()]),
      Type.Union([Type.String(), Type.Integer()]),
      Type.Union([Type.String(), Type.Integer(), Type.Null()]),
    ];
    for (const schema of kept) expect(nullableAsTypeList(schema)).toEqual(JSON.parse(JSON.stringify(schema)));
  });

  it('writes what fast-json-stringify writes for a record and a page as written (every field kind), nulls or not', () => {
    const resource = gadgets;
    const schemas = resourceSchemas(resource.fields, nounsOf(resource.table, resource.singular));
    const compile = buildSerializer({}, {});
    const full = { ...schemas.examples.record, revision: 3, owner: 'auth0|alice' };
    const nulls = Object.fromEntries(
      Object.entries(full).map(([key, value]) => [key, key in resource.fields ? null : value]),
    );
    const optionalNulled = Object.fromEntries(
      Object.entries(full).map(([key, value]) => [
        key,
        key in resource.fields && resource.fields[key as keyof typeof resource.fields].optional ? null : value,
      ]),
    );
    for (const record of [full, optionalNulled, { ...full, owner: null }]) {
      expect(compile(route(schemas.Record, '200'))(record)).toBe(fastJsonStringify(schemas.Record)(record));
    }
    const page = { items: [full, optionalNulled], next_cursor: 'abc' };
    expect(compile(route(schemas.Page, '200'))(page)).toBe(fastJsonStringify(schemas.Page)(page));
    // Every field null, required ones included: whatever fast-json-stringify makes of it, so does the type list.
    const outcome = (serialize: (value: object) => string): string => {
      try {
        return serialize(nulls);
      } catch (error) {
        return `threw ${String(error)}`;
      }
    };
    expect(outcome(compile(route(schemas.Record, '200')))).toBe(outcome(fastJsonStringify(schemas.Record)));
  });
});
