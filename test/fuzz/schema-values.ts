/**
 * fast-check arbitraries of the values a JSON Schema (2020-12, as OpenAPI 3.1 documents hold them) accepts:
 * the subset the engine and the core write (objects, arrays, strings with a pattern, a format or bounds,
 * integers, numbers, booleans, enums, const, anyOf, null, $ref). A string of format `uuid` is a `Pick`,
 * which the fuzzer resolves when it sends the request to the id of a record made earlier in the run, so
 * references and filters name real rows. (json-schema-fast-check, the one npm package for this, is at 0.0.6
 * and knows neither patterns with lengths nor these formats.)
 */
import fc from 'fast-check';

export type Schema = Record<string, unknown>;

/** A stand-in for an id: the n-th record made so far (modulo how many there are), resolved at send time. */
export class Pick {
  constructor(readonly n: number) {}
}

/** Years PostgreSQL stores and the engine accepts: 0001 to 9999, in UTC. */
const EARLIEST = new Date('0001-01-01T00:00:00.000Z');
const LATEST = new Date('9999-12-31T23:59:59.999Z');
/** Long strings are tested by the mutations; valid ones stay short so 2,000 requests take seconds. */
const GENERATED_LENGTH = 60;

export function valuesOf(schema: Schema, resolve: (ref: string) => Schema): fc.Arbitrary<unknown> {
  const of = (inner: unknown) => valuesOf(inner as Schema, resolve);
  if (typeof schema.$ref === 'string') return of(resolve(schema.$ref));
  if ('const' in schema) return fc.constant(schema.const);
  if (Array.isArray(schema.enum)) return fc.constantFrom(...(schema.enum as unknown[]));
  const choices = (schema.anyOf ?? schema.oneOf) as Schema[] | undefined;
  if (choices) return fc.oneof(...choices.map(of));
  switch (schema.type) {
    case 'null':
      return fc.constant(null);
    case 'boolean':
      return fc.boolean();
    case 'integer':
      return fc.integer({ min: bound(schema.minimum, -(2 ** 31)), max: bound(schema.maximum, 2 ** 31 - 1) });
    case 'number':
      return fc.double({
        min: bound(schema.minimum, -Number.MAX_VALUE),
        max: bound(schema.maximum, Number.MAX_VALUE),
        noNaN: true,
        noDefaultInfinity: true,
      });
    case 'string':
      return strings(schema);
    case 'array':
      return fc.array(of(schema.items ?? {}), {
        minLength: bound(schema.minItems, 0),
        maxLength: Math.min(bound(schema.maxItems, 5), 5),
      });
    case 'object':
      return objects(schema, of);
    default:
      return fc.jsonValue();
  }
}

const bound = (value: unknown, otherwise: number): number => (typeof value === 'number' ? value : otherwise);

function strings(schema: Schema): fc.Arbitrary<unknown> {
  const minLength = bound(schema.minLength, 0);
  const maxLength = Math.min(bound(schema.maxLength, GENERATED_LENGTH), GENERATED_LENGTH + minLength);
  // Lengths in code points, as JSON Schema (and Ajv) count them.
  const fits = (text: string) => Array.from(text).length >= minLength && Array.from(text).length <= maxLength;
  const instants = fc.date({ min: EARLIEST, max: LATEST, noInvalidDate: true });
  switch (schema.format) {
    case 'uuid':
      return fc.oneof({ weight: 4, arbitrary: fc.nat().map((n) => new Pick(n)) }, { weight: 1, arbitrary: fc.uuid() });
    case 'date':
      return instants.map((instant) => instant.toISOString().slice(0, 10));
    case 'date-time':
      return instants.map((instant) => instant.toISOString());
    default:
      if (typeof schema.pattern === 'string') return fc.stringMatching(new RegExp(schema.pattern, 'u')).filter(fits);
      return fc.string({ unit: 'binary', minLength, maxLength });
  }
}

function objects(schema: Schema, of: (inner: unknown) => fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  const properties = (schema.properties ?? {}) as Record<string, unknown>;
  const required = (schema.required ?? []) as string[];
  const record = fc.record(Object.fromEntries(Object.entries(properties).map(([name, inner]) => [name, of(inner)])), {
    requiredKeys: required.filter((name) => name in properties),
  });
  const least = bound(schema.minProperties, 0);
  return least > 0 ? record.filter((value) => Object.keys(value).length >= least) : record;
}
