/**
 * Response serializers: fast-json-stringify through Fastify's own compiler, as by default, but compiled
 * once per distinct schema rather than once per route and status. Every error status of every resource
 * route answers the same problem-document schema, so a resource feature otherwise compiles it again and
 * again (pets v1: 68 compilations of 9 distinct schemas, about 40 ms). Each is compiled when first used.
 */
import { SerializerSelector } from '@fastify/fast-json-stringify-compiler';
import type { FastifyServerOptions } from 'fastify';

type BuildSerializer = NonNullable<
  NonNullable<NonNullable<FastifyServerOptions['schemaController']>['compilersFactory']>['buildSerializer']
>;

const buildDefault = SerializerSelector();

export const buildSerializer: BuildSerializer = (externalSchemas, options) => {
  const compile = buildDefault(externalSchemas, options);
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
