/**
 * Request validation: how Ajv is configured for each part of a request, and how its errors become the
 * problem document's `errors` entries (one per invalid field, each a JSON pointer and a message).
 *
 * Bodies are JSON, so they are validated as they are: no type coercion (with Fastify's default, `123` would
 * pass as the string "123" and `null` as ""), and no silent removal of unknown properties (a misspelt field
 * is refused, not dropped). The path, query and headers are text, so they keep coercion ("20" to 20), and
 * neither removes unknown properties: a schema that closes its object (a list's query) refuses an unknown
 * parameter by name instead of ignoring it. Values PostgreSQL cannot store are refused as well
 * (storable-values.ts): dates outside years 0001 to 9999, and numbers coercion made infinite.
 * `allErrors` reports every invalid field at once; what it costs is bounded by BODY_LIMIT_BYTES and by
 * the flat schemas of the API.
 */
import { AjvCompiler, type Options as AjvOptions } from '@fastify/ajv-compiler';
import type { FastifyError, FastifyServerOptions } from 'fastify';
import type { ProblemError } from './problem.js';
import { nonFiniteNumbers, storableFormats } from './storable-values.js';

const buildCompiler = AjvCompiler();

type BuildValidator = NonNullable<
  NonNullable<NonNullable<FastifyServerOptions['schemaController']>['compilersFactory']>['buildValidator']
>;

export const buildValidator: BuildValidator = (externalSchemas, serverOptions) => {
  const custom = (serverOptions?.customOptions ?? {}) as AjvOptions;
  const compiler = (options: AjvOptions): ReturnType<typeof buildCompiler> =>
    buildCompiler(externalSchemas, {
      ...(serverOptions?.plugins === undefined ? {} : { plugins: serverOptions.plugins }),
      customOptions: { ...custom, allErrors: true, removeAdditional: false, ...options },
      onCreate: storableFormats,
    });
  // The Ajv instances too are made on first use: making them (formats, keywords, the shared schemas) cost
  // about 30 ms of the start-up, in every context that has routes.
  let forBody: ReturnType<typeof compiler> | undefined;
  let forText: ReturnType<typeof compiler> | undefined;
  return (route) =>
    compiledOnFirstUse(() =>
      route.httpPart === 'body'
        ? (forBody ??= compiler({ coerceTypes: false }))(route)
        : finiteOnly((forText ??= compiler({}))(route)),
    );
};

type Validate = ReturnType<ReturnType<typeof buildCompiler>>;

/**
 * A validator Ajv compiles when its route is first called, not at start-up: compiling every route's
 * schemas took about a sixth of the time to the first 200 (and its memory), for routes a given process
 * may never serve. The fuzzer calls every operation, so a schema Ajv refuses still fails the tests.
 */
function compiledOnFirstUse(compile: () => Validate): Validate {
  let validate: Validate | undefined;
  const lazy = ((data: unknown, context?: object) => {
    validate ??= compile();
    const valid = (validate as (data: unknown, context?: object) => boolean)(data, context);
    lazy.errors = validate.errors;
    return valid;
  }) as Validate;
  // Fastify passes the parent (so Ajv may replace a coerced root) only to a validator with a schemaEnv;
  // the compiled one always has one.
  return Object.assign(lazy, { schemaEnv: true });
}

/** A text part's validator that also refuses what coercion made infinite (see storable-values.ts). */
function finiteOnly(validate: Validate): Validate {
  const checked = ((data: unknown, context?: object) => {
    const valid = (validate as (data: unknown, context?: object) => boolean)(data, context);
    const infinite = valid ? nonFiniteNumbers(data) : [];
    checked.errors =
      infinite.length === 0
        ? validate.errors
        : infinite.map(({ instancePath }) => ({
            instancePath,
            schemaPath: '#/finite',
            keyword: 'finite',
            params: {},
            message: 'must be a finite number',
          }));
    return valid && infinite.length === 0;
  }) as Validate;
  // Fastify passes the parent (so Ajv may replace a coerced root) only to a validator with a schemaEnv.
  return Object.assign(checked, { schemaEnv: validate.schemaEnv, schema: validate.schema });
}

const PARTS: Readonly<Record<string, ProblemError['in']>> = {
  body: 'body',
  querystring: 'query',
  params: 'path',
  headers: 'header',
};

type AjvError = NonNullable<FastifyError['validation']>[number];

function escapePointer(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

/**
 * What every record carries and only the server sets (the resource engine's id, owner, timestamps and
 * revision): a body giving one is told so, rather than that the field is unknown.
 */
const SERVER_SET = new Set(['id', 'owner', 'created_at', 'updated_at', 'revision']);

/** Where an Ajv error points, and what it says, in words a client can act on. */
function describe(error: AjvError, part: ProblemError['in']): { pointer: string; detail: string } | undefined {
  const { params } = error;
  switch (error.keyword) {
    case 'required':
      return {
        pointer: `${error.instancePath}/${escapePointer(String(params.missingProperty))}`,
        detail: 'is required',
      };
    case 'additionalProperties':
      return {
        pointer: `${error.instancePath}/${escapePointer(String(params.additionalProperty))}`,
        detail:
          part !== 'body'
            ? 'is not a known parameter'
            : error.instancePath === '' && SERVER_SET.has(String(params.additionalProperty))
              ? 'is set by the server: leave it out'
              : 'is not a known field',
      };
    case 'enum':
      return {
        pointer: error.instancePath,
        detail: `must be one of: ${(params.allowedValues as unknown[]).map(String).join(', ')}`,
      };
    // A union's own error only repeats its branches' errors, which say more.
    case 'anyOf':
      return undefined;
    default:
      return { pointer: error.instancePath, detail: error.message ?? 'is invalid' };
  }
}

/**
 * One entry per invalid field of a Fastify validation error: a value failing several rules (each branch of
 * a nullable union, say) gets one entry with their messages joined.
 */
export function validationErrors(error: FastifyError): ProblemError[] | undefined {
  if (error.validation === undefined) return undefined;
  const part = PARTS[error.validationContext ?? 'body'] ?? 'body';
  const byPointer = new Map<string, string[]>();
  for (const item of error.validation) {
    const described = describe(item, part);
    if (described === undefined) continue;
    const messages = byPointer.get(described.pointer) ?? [];
    if (!messages.includes(described.detail)) messages.push(described.detail);
    byPointer.set(described.pointer, messages);
  }
  return [...byPointer].map(([pointer, messages]) => ({ in: part, pointer, detail: messages.join(' or ') }));
}
