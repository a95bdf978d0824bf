/**
 * Named schemas: a route schema marked with `namedSchema('Pet')` is listed once under
 * `components.schemas.Pet`, and every place that used it refers to it with `$ref`, so a client generator
 * gives it a named type (openapi-typescript's `components['schemas']['Pet']`) instead of one anonymous
 * copy per operation. The mark is a vendor key: validation and serialization ignore it, and the document's
 * completion (document.ts) removes it.
 */
import { isDeepStrictEqual } from 'node:util';
import type { OpenAPIV3_1 } from 'openapi-types';

/** The vendor key that names a schema; its value is the component's name. */
export const COMPONENT_NAME = 'x-petsage-component';

/** The options that mark a schema as the component `name` (spread into a TypeBox schema's options). */
export const namedSchema = (name: string): { readonly [COMPONENT_NAME]: string } => ({ [COMPONENT_NAME]: name });

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null;

/**
 * The one schema behind two copies of a named schema. @fastify/swagger moves a response schema's own
 * `examples` to its media type, so a copy may lack a keyword the other has; a keyword both have must agree,
 * since a name means one type to a client.
 */
function merge(name: string, known: Json | undefined, copy: Json): Json {
  if (known === undefined) return copy;
  for (const [key, value] of Object.entries(copy)) {
    if (key in known && !isDeepStrictEqual(known[key], value)) {
      throw new Error(`OpenAPI: two schemas named "${name}" differ in "${key}"; a component name must mean one schema`);
    }
  }
  return { ...known, ...copy };
}

/** Moves every named schema found under `node` into `schemas` and leaves a `$ref` in its place. */
function hoist(node: unknown, schemas: Record<string, OpenAPIV3_1.SchemaObject>): unknown {
  if (Array.isArray(node)) return node.map((item) => hoist(item, schemas));
  if (!isObject(node)) return node;
  const walked = Object.fromEntries(Object.entries(node).map(([key, value]) => [key, hoist(value, schemas)]));
  const name = walked[COMPONENT_NAME];
  if (typeof name !== 'string') return walked;
  Reflect.deleteProperty(walked, COMPONENT_NAME);
  schemas[name] = merge(name, schemas[name] as Json | undefined, walked);
  return { $ref: `#/components/schemas/${encodeURIComponent(name)}` };
}

/** Hoists the named schemas of every path of `document` into `schemas` (the caller adds them to its components). */
export function hoistNamedSchemas(
  document: OpenAPIV3_1.Document,
  schemas: Record<string, OpenAPIV3_1.SchemaObject>,
): void {
  document.paths = hoist(document.paths ?? {}, schemas) as OpenAPIV3_1.PathsObject;
}
