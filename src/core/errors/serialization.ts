/**
 * Response serializers: fast-json-stringify through Fastify's own compiler, as by default, but compiled
 * once per distinct schema rather than once per route and status. Every error status of every resource
 * route answers the same problem-document schema, so a resource feature otherwise compiles it again and
 * again (pets v1: 68 compilations of 9 distinct schemas, about 40 ms). Each is compiled when first used.
 *
 * A nullable value (`anyOf: [X, null]`, how TypeBox writes `Type.Union([X, Type.Null()])`) is compiled as
 * `type: [X's type, 'null']`, which writes the same text: fast-json-stringify writes the latter after a
 * null check, and the former by running Ajv on each value to pick its branch (X's pattern included), for
 * every optional field of every record of a page. The documents keep the schema as written.
 */
import { SerializerSelector } from '@fastify/fast-json-stringify-compiler';
import type { FastifyServerOptions } from 'fastify';

type BuildSerializer = NonNullable<
  NonNullable<NonNullable<FastifyServerOptions['schemaController']>['compilersFactory']>['buildSerializer']
>;

const buildDefault = SerializerSelector();

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const isNull = (schema: unknown): boolean =>
  isObject(schema) && schema.type === 'null' && Object.keys(schema).length === 1;
/** Keywords after which a branch is more than one scalar type, which a type list could not say. */
const COMPOUND = ['anyOf', 'oneOf', 'allOf', 'not', 'if', '$ref', 'const'];
const isScalar = (schema: unknown): schema is Json & { type: string } =>
  isObject(schema) &&
  typeof schema.type === 'string' &&
  !['object', 'array', 'null'].includes(schema.type) &&
  COMPOUND.every((keyword) => !(keyword in schema));

/** `schema` with every `anyOf: [scalar, null]` (either order) as the scalar with `type: [its type, 'null']`. */
export function nullableAsTypeList(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(nullableAsTypeList);
  if (!isObject(schema)) return schema;
  const walked = Object.fromEntries(Object.entries(schema).map(([key, value]) => [key, nullableAsTypeList(value)]));
  const { anyOf, ...siblings } = walked;
  if (!Array.isArray(anyOf) || anyOf.length !== 2) return walked;
  const [first, second] = anyOf as unknown[];
  const scalar = isNull(second) ? first : isNull(first) ? second : undefined;
  return isScalar(scalar) ? { ...siblings, ...scalar, type: [scalar.type, 'null'] } : walked;
}

export const buildSerializer: BuildSerializer = (externalSchemas, options) => {
  const compileAsWritten = buildDefault(externalSchemas, options);
  const compile: typeof compileAsWritten = (route) =>
    compileAsWritten({ ...route, schema: nullableAsTypeList(route.schema) });
  const serializers = new Map<string, ReturnType<typeof compile>>();
  return (route) => {
    // A schema is JSON, and the shared schemas it may refer to are this factory's own: equal text, equal
    // serializer. (TypeBox's symbol-keyed markers are left out of the text; fast-json-stringify ignores them.)
    const key = JSON.stringify(route.schema);
    let serialize = serializers.get(key);
    if (serialize === undefined) {
      // Compiled when first used rather than at start-up, like the validators (validation.ts): most
      // statuses of most routes are never answered by a given process.
      let compiled: ReturnType<typeof compile> | undefined;
      serialize = (data) => (compiled ??= compile(route))(data);
      serializers.set(key, serialize);
    }
    return serialize;
  };
};
