/**
 * Requests for one operation, generated from its document: valid ones (parameters and bodies its schemas
 * accept, ids of records made earlier, the current ETag, cursors of real pages) and invalid ones (one
 * mutation each), each with what its answer must be. `Pick`s and `current` are resolved when it is sent.
 */
import fc from 'fast-check';
import { answerSchema, type Operation, type Parameter } from './served-api.js';
import { Pick, valuesOf, type Schema } from './schema-values.js';

/** Who sends it: the records' owner, another subject with the same scopes, a token without them, no token. */
export type Caller = 'owner' | 'stranger' | 'scopeless' | 'anonymous';

/** Already percent-encoded text, sent as it is. */
export class Raw {
  constructor(readonly text: string) {}
}

export interface Plan {
  readonly operation: Operation;
  /** What it tries: `valid`, or the mutation it carries. */
  readonly label: string;
  readonly caller: Caller;
  readonly path: Record<string, unknown>;
  readonly query: Record<string, unknown>;
  /** Header values; `current` for If-Match is the ETag the run last saw for the record. */
  readonly headers: Record<string, unknown>;
  /** A JSON value, or a raw body (text or bytes) with its content type. */
  readonly body?: { json: unknown } | { raw: string | Uint8Array; type: string };
  /** Which answers it must get besides the document's: any, an error of the client's, or exactly one status. */
  readonly expect: 'documented' | '4xx' | 401 | 403;
}

const BAD_IDS = ['not-a-uuid', '0', '-1', '1 OR 1=1', "'; DROP TABLE x; --", 'z'.repeat(300), '%00', '%ED%A0%80'];
/**
 * Percent-escapes that are not UTF-8 (a lone surrogate, a stray byte): the query parser keeps them as the text
 * they are ("%FF"), a value like any other, so only the document's rules apply to them.
 */
const UNDECODABLE = ['%ED%A0%80', '%FF'];
const BAD_IF_MATCH = ['"0"', '"-1"', '"2147483648"', '"99999999999999999999"', 'W/"1"', 'garbage', '""', '"1'];
const NOT_FINITE_NUMBERS = ['abc', 'Infinity', '-Infinity', '1e999', 'NaN', ''];
const BAD_INSTANTS = ['0000-01-01', '10000-01-01', '2020-13-45', '0000-01-01T00:00:00Z', 'yesterday', '-infinity'];
const BAD_CURSORS = ['AAAA', 'eyJpZCI6MX0', '!!', '%00', 'x'.repeat(201)];
/** Values of the wrong JSON type for any schema that is not itself open. */
const WRONG_TYPES: Record<string, unknown[]> = {
  string: [12345, true, {}, ['x']],
  integer: ['12', 1.5, true, {}],
  number: ['1.5', true, []],
  boolean: ['true', 1, null],
  enum: ['not-a-member', 7],
};

/** A placeholder replaced in a body's JSON text. */
const SPLICE = '@@splice@@';

const isHeader = (name: string) => (parameter: Parameter) => parameter.name.toLowerCase() === name;
/** A query parameter whose next value a page gives (`cursor` for `next_cursor`): it takes values from real pages. */
export const isCursor = (operation: Operation, parameter: Parameter): boolean => {
  const properties = (answerSchema(operation, '200')?.properties ?? {}) as Schema;
  return parameter.in === 'query' && `next_${parameter.name}` in properties;
};

/** The kind of value a schema takes (a JSON type, or enum) and the schema that says it, through $ref and anyOf. */
function kindOf(schema: Schema, resolve: (ref: string) => Schema): { kind: string; schema: Schema } | undefined {
  if (typeof schema.$ref === 'string') return kindOf(resolve(schema.$ref), resolve);
  if (Array.isArray(schema.enum)) return { kind: 'enum', schema };
  const choices = (schema.anyOf ?? schema.oneOf) as Schema[] | undefined;
  if (choices) return choices.map((choice) => kindOf(choice, resolve)).find((found) => found?.kind !== 'null');
  return typeof schema.type === 'string' ? { kind: schema.type, schema } : undefined;
}

function parameterValues(operation: Operation, where: Parameter['in']): fc.Arbitrary<Record<string, unknown>> {
  const resolve = operation.document.resolve;
  const listed = operation.parameters.filter((parameter) => parameter.in === where);
  const values = (parameter: Parameter): fc.Arbitrary<unknown> => {
    if (isHeader('if-match')(parameter)) return fc.constantFrom('current', 'current', 'current', '*');
    if (where === 'path') return fc.nat().map((n) => new Pick(n));
    if (isCursor(operation, parameter)) return fc.nat().map((n) => ({ cursor: n }));
    return valuesOf(parameter.schema, resolve);
  };
  // An optional query parameter in one request of four: filters that narrow a list to nothing give no pages.
  const sometimes = (arbitrary: fc.Arbitrary<unknown>) =>
    fc.oneof({ weight: where === 'query' ? 3 : 1, arbitrary: fc.constant(ABSENT) }, { weight: 1, arbitrary });
  const entries = listed.map((parameter) => [
    parameter.name,
    parameter.required ? values(parameter) : sometimes(values(parameter)),
  ]);
  return fc
    .record(Object.fromEntries(entries) as Record<string, fc.Arbitrary<unknown>>)
    .map((record) => Object.fromEntries(Object.entries(record).filter(([, value]) => value !== ABSENT)));
}

const ABSENT = Symbol('absent');

/** Plans for `operation`: about half valid, the rest each carrying one mutation that applies to it. */
export function plansFor(operation: Operation): fc.Arbitrary<Plan> {
  const resolve = operation.document.resolve;
  const schema = operation.body;
  const valid = fc
    .record({
      caller: fc.constantFrom<Caller>('owner', 'owner', 'owner', 'owner', 'stranger'),
      path: parameterValues(operation, 'path'),
      query: parameterValues(operation, 'query'),
      headers: parameterValues(operation, 'header'),
      body: schema === undefined ? fc.constant(undefined) : valuesOf(schema, resolve).map((json) => ({ json })),
    })
    .map((parts): Plan => ({
      operation,
      label: 'valid',
      expect: 'documented',
      ...parts,
      body: parts.body ?? undefined,
    }));
  const mutated = (label: string, change: fc.Arbitrary<(plan: Plan) => Plan>) =>
    fc.tuple(valid, change).map(([plan, apply]) => ({ ...apply({ ...plan, caller: 'owner' }), label }));
  const mutations: fc.Arbitrary<Plan>[] = [
    mutated(
      'unknown query parameter',
      fc.stringMatching(/^[a-z_]{1,12}$/).map((name) => (plan) => ({
        ...plan,
        query: { ...plan.query, [`${name}_unknown`]: 'x' },
        expect: operation.parameters.some((parameter) => parameter.in === 'query') ? '4xx' : 'documented',
      })),
    ),
  ];
  if (operation.scopes !== undefined) {
    mutations.push(
      mutated(
        'no token',
        fc.constant((plan) => ({ ...plan, caller: 'anonymous', expect: 401 })),
      ),
    );
    mutations.push(
      mutated(
        'wrong scopes',
        fc.constant((plan) => ({ ...plan, caller: 'scopeless', expect: 403 })),
      ),
    );
  }
  const pathParameters = operation.parameters.filter((parameter) => parameter.in === 'path');
  if (pathParameters.length > 0) {
    mutations.push(
      mutated(
        'bad id',
        fc.tuple(fc.constantFrom(...pathParameters), fc.constantFrom(...BAD_IDS)).map(([parameter, bad]) => (plan) => ({
          ...plan,
          path: { ...plan.path, [parameter.name]: new Raw(bad) },
          expect: '4xx',
        })),
      ),
    );
  }
  if (operation.parameters.some(isHeader('if-match'))) {
    mutations.push(
      mutated(
        'bad If-Match',
        fc.constantFrom(...BAD_IF_MATCH).map((bad) => (plan) => ({
          ...plan,
          headers: { ...plan.headers, 'if-match': bad },
          expect: '4xx',
        })),
      ),
    );
  }
  const query = operation.parameters.filter((parameter) => parameter.in === 'query');
  if (query.length > 0) {
    mutations.push(
      mutated(
        'bad query value',
        fc.constantFrom(...query).chain((parameter) =>
          badQueryValues(operation, parameter).map((bad) => (plan: Plan) => ({
            ...plan,
            query: { ...plan.query, [parameter.name]: bad },
            expect: bad instanceof Raw && UNDECODABLE.includes(bad.text) ? ('documented' as const) : ('4xx' as const),
          })),
        ),
      ),
    );
  }
  if (schema !== undefined) {
    mutations.push(
      mutated(
        'bad body',
        badBodies(operation, schema).map((body) => (plan) => ({ ...plan, body, expect: '4xx' })),
      ),
    );
  }
  // fast-check prints a failing plan by this (not the whole document it refers to).
  return fc
    .oneof({ weight: mutations.length, arbitrary: valid }, ...mutations)
    .map((plan) => Object.defineProperty(plan, fc.toStringMethod, { value: () => describePlan(plan) }));
}

const describePlan = ({ operation, ...plan }: Plan): string =>
  `${plan.label} ${operation.method} ${operation.path} ${fc.stringify({ ...plan })}`;

function badQueryValues(operation: Operation, parameter: Parameter): fc.Arbitrary<unknown> {
  if (isCursor(operation, parameter))
    return fc.oneof(
      fc.constantFrom(...BAD_CURSORS).map((text) => new Raw(text)),
      forgedCursors,
    );
  const found = kindOf(parameter.schema, operation.document.resolve);
  const schema = found?.schema ?? {};
  const candidates: unknown[] = [new Raw('%00'), ...UNDECODABLE.map((text) => new Raw(text))];
  if (found?.kind === 'integer' || found?.kind === 'number') candidates.push(...NOT_FINITE_NUMBERS);
  if (found?.kind === 'integer') candidates.push('1.5');
  if (typeof schema.maximum === 'number') candidates.push(String(schema.maximum + 1));
  if (typeof schema.minimum === 'number') candidates.push(String(schema.minimum - 1));
  if (schema.format === 'date' || schema.format === 'date-time') candidates.push(...BAD_INSTANTS);
  if (schema.format === 'uuid') candidates.push(...BAD_IDS.map((text) => new Raw(text)));
  if (found?.kind === 'enum') candidates.push('not-a-member');
  if (typeof schema.maxLength === 'number') candidates.push('x'.repeat(schema.maxLength + 1));
  return fc.constantFrom(...candidates);
}

/** Cursors of the right alphabet that no page gave: base64url of JSON the server did not sign, or noise. */
const forgedCursors = fc
  .oneof(
    fc.jsonValue().map((value) => JSON.stringify(value)),
    fc.constantFrom('{"id":"00000000-0000-4000-8000-000000000000","created_at":"0000-01-01T00:00:00Z"}'),
    fc.string({ minLength: 1, maxLength: 40 }),
  )
  .map((text) => Buffer.from(text).toString('base64url'))
  .filter((text) => text.length > 0 && text.length <= 200);

/** A body the operation must refuse: one field mutated, a field it does not take, or not a JSON object at all. */
function badBodies(operation: Operation, schema: Schema): fc.Arbitrary<NonNullable<Plan['body']>> {
  const resolve = operation.document.resolve;
  const object = typeof schema.$ref === 'string' ? resolve(schema.$ref) : schema;
  const properties = Object.entries((object.properties ?? {}) as Record<string, Schema>);
  const base = valuesOf(schema, resolve) as fc.Arbitrary<Record<string, unknown>>;
  const withField = (name: string, value: unknown) => base.map((body) => ({ json: { ...body, [name]: value } }));
  const raw = (text: string | Uint8Array) => ({ raw: text, type: 'application/json' });
  /** A body whose `name` is `text` written into the JSON as it is: what JSON.stringify cannot write. */
  const spliced = (name: string, text: string) =>
    base.map((body) => raw(JSON.stringify({ ...body, [name]: SPLICE }).replace(`"${SPLICE}"`, text)));
  const choices: fc.Arbitrary<NonNullable<Plan['body']>>[] = [
    fc.constantFrom({ json: [] }, { json: null }, { json: 'text' }, { json: 1 }),
    fc.constantFrom(raw('{'), raw('{"a":}'), raw(''), raw('[1,]')),
    base.map((body) => ({ raw: JSON.stringify(body), type: 'text/plain' })),
    // Invalid UTF-8: a byte 0xFF inside a string.
    base.map((body) => raw(Buffer.from(JSON.stringify({ ...body, zz: SPLICE }).replace(SPLICE, '\xff'), 'latin1'))),
    fc.stringMatching(/^[a-z]{1,10}$/).chain((name) => withField(`${name}_extra`, 'x')),
  ];
  const serverSet = serverSetFields(operation, new Set(properties.map(([name]) => name)));
  if (serverSet.length > 0) choices.push(fc.constantFrom(...serverSet).chain((name) => withField(name, 'x')));
  for (const [name, property] of properties) {
    const found = kindOf(property, resolve);
    if (found === undefined) continue;
    const wrong = WRONG_TYPES[found.kind];
    if (wrong) choices.push(fc.constantFrom(...wrong).chain((value) => withField(name, value)));
    if (found.kind === 'string' && found.schema.format === undefined) {
      choices.push(fc.constantFrom('a\u0000b', '\u0000').chain((value) => withField(name, value)));
      choices.push(spliced(name, '"\\ud800"'));
      if (typeof found.schema.maxLength === 'number') {
        const length = found.schema.maxLength + 1;
        choices.push(fc.constantFrom(length, 100_000).chain((n) => withField(name, 'x'.repeat(n))));
      }
    }
    if (found.kind === 'string' && found.schema.format !== undefined)
      choices.push(fc.constantFrom(...BAD_INSTANTS, 'not-a-uuid').chain((value) => withField(name, value)));
    if (found.kind === 'integer' || found.kind === 'number') {
      choices.push(
        fc.constantFrom(2 ** 31, -(2 ** 31) - 1, 2 ** 63, Number.MAX_VALUE).chain((value) => withField(name, value)),
      );
      choices.push(spliced(name, '1e999'));
    }
  }
  return fc.oneof(...choices);
}

/**
 * Fields of the record an operation answers with that its body does not take: set by the server (id, owner,
 * timestamps); and the revision, which the ETag carries.
 */
function serverSetFields(operation: Operation, taken: Set<string>): string[] {
  const responses = operation.document.at(`${operation.pointer}/responses`) ?? {};
  const success = Object.keys(responses).find((status) => status.startsWith('2'));
  const schema = success === undefined ? undefined : answerSchema(operation, success);
  const record = schema === undefined ? undefined : kindOf(schema, operation.document.resolve)?.schema;
  return Object.keys(record?.properties ?? {})
    .filter((name) => !taken.has(name))
    .concat('revision');
}
