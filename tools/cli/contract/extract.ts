/** Reads a feature version's contract out of the OpenAPI document its version serves. */
import { DEPRECATION_HEADERS, GONE_STATUS } from '../../../src/core/openapi/responses.js';
import type { Contract, OperationContract, Parameter, ResponseContract, Schema } from './model.js';

/** Words of a schema that explain or illustrate it but promise nothing a client can rely on. */
const PROSE = new Set(['description', 'summary', 'title', 'examples', 'example', '$comment', 'deprecated']);
/** Keywords whose value maps names to things: the names are data (a header "x-request-id", a field "title"). */
const NAMED = new Set(['properties', 'patternProperties', '$defs', 'headers', 'content', 'responses']);
/** Header names are case-insensitive: a document may spell them either way. */
const DEPRECATION_HEADER_NAMES = new Set(DEPRECATION_HEADERS.map((name) => name.toLowerCase()));
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null;
const asObject = (value: unknown): Json => (isObject(value) ? value : {});

/** Resolves local `$ref`s (`#/components/...`), drops prose, and sorts keys, recursively. */
function normalise(value: unknown, document: Json, seen: readonly string[] = []): unknown {
  if (Array.isArray(value)) return value.map((item) => normalise(item, document, seen));
  if (!isObject(value)) return value;
  const ref = value.$ref;
  if (typeof ref === 'string' && ref.startsWith('#/')) {
    if (seen.includes(ref)) return { $ref: ref }; // a recursive schema: keep the cycle as a name
    const target = ref
      .slice(2)
      .split('/')
      .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
      .reduce<unknown>((node, part) => asObject(node)[part], document);
    return normalise(target, document, [...seen, ref]);
  }
  const entries = Object.keys(value)
    .filter((key) => !PROSE.has(key) && !key.startsWith('x-'))
    .sort()
    .map((key) => [key, NAMED.has(key) ? named(value[key], document, seen) : normalise(value[key], document, seen)]);
  return Object.fromEntries(entries);
}

/** A map whose keys are names, not keywords: every entry is kept. */
function named(value: unknown, document: Json, seen: readonly string[]): Json {
  const entries = Object.keys(asObject(value))
    .sort()
    .map((name) => [name, normalise(asObject(value)[name], document, seen)] as const);
  return Object.fromEntries(entries);
}

/** Media type -> schema, from a content map whose references are already resolved. */
function content(value: unknown): Record<string, Schema> {
  const media = asObject(value);
  return Object.fromEntries(Object.keys(media).map((type) => [type, asObject(asObject(media[type]).schema)]));
}

function parameters(operation: Json, item: Json, document: Json): Parameter[] {
  const list = (value: unknown): unknown[] => (Array.isArray(value) ? (value as unknown[]) : []);
  const byKey = new Map<string, Parameter>();
  // Operation-level parameters override path-level ones of the same name and location.
  for (const raw of [...list(item.parameters), ...list(operation.parameters)]) {
    const parameter = asObject(normalise(raw, document));
    const where = String(parameter.in);
    // Header names are case-insensitive; path parameters are always required.
    const name = where === 'header' ? String(parameter.name).toLowerCase() : String(parameter.name);
    const required = parameter.required === true || where === 'path';
    byKey.set(`${where} ${name}`, { in: where, name, required, schema: asObject(parameter.schema) });
  }
  return [...byKey.values()].sort((a, b) => (`${a.in} ${a.name}` < `${b.in} ${b.name}` ? -1 : 1));
}

/**
 * Header names are case-insensitive. A deprecated operation's Deprecation, Sunset and Link headers and its
 * 410 belong to its deprecation, not to its contract: a version keeps its contract when it is deprecated.
 */
function responses(operation: Json, document: Json): Record<string, ResponseContract> {
  const all = asObject(normalise(operation.responses, document));
  const deprecated = operation.deprecated === true;
  const ownHeader = (name: string) => !(deprecated && DEPRECATION_HEADER_NAMES.has(name.toLowerCase()));
  return Object.fromEntries(
    Object.keys(all)
      .filter((status) => !(deprecated && status === GONE_STATUS))
      .map((status) => {
        const response = asObject(all[status]);
        const headers = asObject(response.headers);
        const headerSchemas = Object.keys(headers)
          .filter(ownHeader)
          .map((name) => [name.toLowerCase(), asObject(asObject(headers[name]).schema)] as const)
          .sort(([a], [b]) => (a < b ? -1 : 1));
        return [status, { content: content(response.content), headers: Object.fromEntries(headerSchemas) }];
      }),
  );
}

function operationContract(operation: Json, item: Json, document: Json): OperationContract {
  const body = asObject(normalise(operation.requestBody, document));
  const security = operation.security ?? document.security ?? [];
  return {
    parameters: parameters(operation, item, document),
    ...(isObject(operation.requestBody)
      ? { requestBody: { required: body.required === true, content: content(body.content) } }
      : {}),
    responses: responses(operation, document),
    security: (Array.isArray(security) ? security : []).map((requirement) => {
      const scopes = asObject(requirement);
      return Object.fromEntries(
        Object.keys(scopes)
          .sort()
          .map((scheme) => [scheme, Array.isArray(scopes[scheme]) ? [...(scopes[scheme] as string[])].sort() : []]),
      );
    }),
  };
}

/**
 * The contract of feature `name` at `version`, from that version's OpenAPI document: every operation under
 * `<prefix>/<name>` (prefix as the document's paths have it, e.g. `/v1`), made relative to the prefix.
 */
export function extractContract(document: unknown, name: string, version: number, prefix: string): Contract {
  const root = asObject(document);
  const paths = asObject(root.paths);
  const base = `${prefix}/${name}`;
  const operations: Record<string, OperationContract> = {};
  for (const path of Object.keys(paths).sort()) {
    if (path !== base && !path.startsWith(`${base}/`)) continue;
    const item = asObject(paths[path]);
    for (const method of METHODS) {
      if (!isObject(item[method])) continue;
      operations[`${method.toUpperCase()} ${path.slice(prefix.length)}`] = operationContract(item[method], item, root);
    }
  }
  return { feature: name, version, operations };
}

/** The operations of feature `name` that its version's OpenAPI document marks `deprecated: true`. */
export function deprecatedOperations(document: unknown, name: string, prefix: string): string[] {
  const paths = asObject(asObject(document).paths);
  const base = `${prefix}/${name}`;
  return Object.keys(paths)
    .filter((path) => path === base || path.startsWith(`${base}/`))
    .flatMap((path) =>
      METHODS.filter((method) => asObject(asObject(paths[path])[method]).deprecated === true).map(
        (method) => `${method.toUpperCase()} ${path.slice(prefix.length)}`,
      ),
    );
}
