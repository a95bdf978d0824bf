/**
 * Response serializers compiled once per distinct schema, when first used: equal schemas share one function,
 * different ones do not, and what they write is what fast-json-stringify writes for that schema.
 */
import fastJsonStringify from 'fast-json-stringify';
import Type from 'typebox';
import { describe, expect, it } from 'vitest';
import { buildSerializer } from '../../src/core/errors/serialization.js';
import { Problem, problem } from '../../src/core/errors/problem.js';

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
});
