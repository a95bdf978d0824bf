/**
 * Compares two JSON Schemas of one place in a contract. What breaks a client depends on the direction:
 * a request schema may only accept more (a client's old requests must stay valid), a response schema may
 * add fields but not remove, retype or loosen what it promised (a client may have sized a column by a
 * response's maxLength, or parsed it by its pattern). Unions other than "T or null" and intersections are
 * compared as a whole: any difference there is reported as breaking, to be safe. An enum or const without
 * `type` has the types of its values, so `Type.Enum([...])` and a Union of Literals of the same values are
 * the same schema here.
 */
import type { Schema } from './model.js';
import type { Severity } from './change.js';

export type Direction = 'request' | 'response';

export interface SchemaFinding {
  readonly severity: Severity;
  /** The field's path inside the body ("owner.name", "tags[]"), '' for the schema itself. */
  readonly field: string;
  readonly what: string;
}

interface View {
  /** The JSON types the schema allows; undefined when it does not say (any). */
  readonly types: ReadonlySet<string> | undefined;
  /** The schema that holds the keywords: the non-null branch of "T or null", or the schema itself. */
  readonly core: Schema;
  /** A union or intersection this comparison does not look inside. */
  readonly opaque: boolean;
}

const list = (value: unknown): unknown[] => (Array.isArray(value) ? (value as unknown[]) : []);
const object = (value: unknown): Schema => (typeof value === 'object' && value !== null ? (value as Schema) : {});
const key = (value: unknown): string => JSON.stringify(value);

/** The JSON type of a value, as `type` names it ("number" for every number). */
const jsonType = (value: unknown): string => (value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value);

function ownTypes(schema: Schema): Set<string> | undefined {
  if (typeof schema.type === 'string') return new Set([schema.type]);
  if (Array.isArray(schema.type)) return new Set(schema.type as string[]);
  if (Array.isArray(schema.enum)) return new Set((schema.enum as unknown[]).map(jsonType));
  if ('const' in schema) return new Set([jsonType(schema.const)]);
  return undefined;
}

function enumValues(schema: Schema): unknown[] | undefined {
  if (Array.isArray(schema.enum)) return schema.enum as unknown[];
  return 'const' in schema ? [schema.const] : undefined;
}

function view(schema: Schema): View {
  const branches = list(schema.anyOf ?? schema.oneOf).map(object);
  if (branches.length === 0) return { types: ownTypes(schema), core: schema, opaque: 'allOf' in schema };
  const nonNull = branches.filter((branch) => branch.type !== 'null');
  const branchTypes = branches.map(ownTypes);
  const types = branchTypes.some((t) => t === undefined)
    ? undefined
    : new Set(branchTypes.flatMap((t) => [...(t ?? [])]));
  // A union of literals (TypeBox's Union of Literal) is an enum.
  const literals = nonNull.map(enumValues);
  if (nonNull.length > 1 && literals.every((values) => values !== undefined)) {
    return { types, core: { enum: literals.flat() }, opaque: false };
  }
  const single = nonNull.length === 1 ? nonNull[0] : undefined;
  return single === undefined ? { types, core: schema, opaque: true } : { types, core: single, opaque: false };
}

const typeList = (types: ReadonlySet<string> | undefined): string => (types ? [...types].sort().join(' | ') : 'any');

/** Does `types` accept every value of type `type`? (an integer is a number) */
const accepts = (types: ReadonlySet<string> | undefined, type: string): boolean =>
  types === undefined || types.has(type) || (type === 'integer' && types.has('number'));

/** Does constraint `a` let through every value constraint `b` lets through? (undefined: no constraint) */
type Covers = (a: unknown, b: unknown) => boolean;

const atMost: Covers = (a, b) => a === undefined || (b !== undefined && Number(b) <= Number(a));
const atLeast: Covers = (a, b) => a === undefined || (b !== undefined && Number(b) >= Number(a));
/** Every multiple of b is a multiple of a when b is one; decimal steps (0.1) need a tolerance. */
const stepOf: Covers = (a, b) => {
  if (a === undefined) return true;
  const ratio = Number(b) / Number(a);
  return b !== undefined && Math.round(ratio) >= 1 && Math.abs(ratio - Math.round(ratio)) < 1e-9;
};
/** Patterns are compared as text: a different one may refuse what the old one took. */
const samePattern: Covers = (a, b) => a === undefined || a === b;
const uniqueness: Covers = (a, b) => a !== true || b === true;

const CONSTRAINTS: Readonly<Record<string, Covers>> = {
  maxLength: atMost,
  maximum: atMost,
  exclusiveMaximum: atMost,
  maxItems: atMost,
  maxProperties: atMost,
  minLength: atLeast,
  minimum: atLeast,
  exclusiveMinimum: atLeast,
  minItems: atLeast,
  minProperties: atLeast,
  multipleOf: stepOf,
  pattern: samePattern,
  uniqueItems: uniqueness,
};

class Findings {
  readonly all: SchemaFinding[] = [];
  add(severity: Severity, field: string, what: string): void {
    this.all.push({ severity, field, what });
  }
}

function compareTypes(before: View, after: View, direction: Direction, field: string, out: Findings): void {
  const was = typeList(before.types);
  const now = typeList(after.types);
  if (was === now) return;
  if (direction === 'response') {
    const withoutNull = (types: ReadonlySet<string> | undefined): string =>
      typeList(types && new Set([...types].filter((type) => type !== 'null')));
    const nullability = withoutNull(before.types) === withoutNull(after.types);
    out.add('breaking', field, `${nullability ? 'nullability' : 'type'} changed from ${was} to ${now}`);
  } else if ([...(before.types ?? ['any'])].some((type) => type === 'any' || !accepts(after.types, type))) {
    out.add('breaking', field, `type narrowed from ${was} to ${now}`);
  } else {
    out.add('compatible', field, `type widened from ${was} to ${now}`);
  }
}

function compareEnums(before: Schema, after: Schema, direction: Direction, field: string, out: Findings): void {
  const was = enumValues(before);
  const now = enumValues(after);
  if (key(was) === key(now)) return;
  const removed = was?.filter((value) => !now?.some((other) => key(other) === key(value))) ?? [];
  const added = now?.filter((value) => !was?.some((other) => key(other) === key(value))) ?? [];
  const show = (values: unknown[]): string => values.map(key).join(', ');
  if (direction === 'request') {
    if (was === undefined) out.add('breaking', field, `now restricted to ${show(now ?? [])}`);
    else if (removed.length > 0) out.add('breaking', field, `enum narrowed: no longer accepts ${show(removed)}`);
    else out.add('additive', field, `enum now also accepts ${show(added)}`);
  } else if (now === undefined) {
    out.add('breaking', field, `no longer restricted to ${show(was ?? [])}`);
  } else if (was === undefined || added.length > 0) {
    out.add('breaking', field, `enum widened: may now answer ${show(was === undefined ? now : added)}`);
  } else {
    out.add('compatible', field, `enum narrowed: no longer answers ${show(removed)}`);
  }
}

function compareFormats(before: Schema, after: Schema, direction: Direction, field: string, out: Findings): void {
  if (before.format === after.format) return;
  const show = (format: unknown): string => (format === undefined ? 'none' : key(format));
  const harmless = direction === 'request' && after.format === undefined;
  out.add(
    harmless ? 'compatible' : 'breaking',
    field,
    `format changed from ${show(before.format)} to ${show(after.format)}`,
  );
}

/**
 * Bounds, steps, patterns and uniqueness: a request's may only loosen (what clients sent stays valid), a
 * response's may only tighten (what clients were promised stays true).
 */
function compareConstraints(before: Schema, after: Schema, direction: Direction, field: string, out: Findings): void {
  for (const [keyword, covers] of Object.entries(CONSTRAINTS)) {
    const was = before[keyword];
    const now = after[keyword];
    const narrowed = !covers(now, was);
    const loosened = !covers(was, now);
    if (!narrowed && !loosened) continue;
    const breaking = direction === 'request' ? narrowed : loosened;
    const how = narrowed && loosened ? 'changed' : narrowed ? 'narrowed' : 'loosened';
    const show = (value: unknown): string => (value === undefined ? 'none' : key(value));
    out.add(breaking ? 'breaking' : 'compatible', field, `${keyword} ${how} from ${show(was)} to ${show(now)}`);
  }
}

const child = (field: string, name: string): string => (field === '' ? name : `${field}.${name}`);

function compareObjects(before: Schema, after: Schema, direction: Direction, field: string, out: Findings): void {
  const wasProps = object(before.properties);
  const nowProps = object(after.properties);
  const wasRequired = new Set(list(before.required));
  const nowRequired = new Set(list(after.required));
  for (const name of Object.keys(wasProps)) {
    const path = child(field, name);
    if (!(name in nowProps)) {
      const closed = after.additionalProperties === false;
      if (direction === 'response') out.add('breaking', path, 'field removed');
      else out.add(closed ? 'breaking' : 'compatible', path, closed ? 'field removed (now refused)' : 'field removed');
      continue;
    }
    if (direction === 'request' && !wasRequired.has(name) && nowRequired.has(name)) {
      out.add('breaking', path, 'field now required');
    }
    if (direction === 'response' && wasRequired.has(name) && !nowRequired.has(name)) {
      out.add('breaking', path, 'field no longer always present');
    }
    compareInto(object(wasProps[name]), object(nowProps[name]), direction, path, out);
  }
  for (const name of Object.keys(nowProps)) {
    if (name in wasProps) continue;
    const path = child(field, name);
    if (direction === 'response') out.add('additive', path, 'new response field');
    else if (nowRequired.has(name)) out.add('breaking', path, 'new required request field');
    else out.add('additive', path, 'new optional request field');
  }
  if (direction === 'request' && before.additionalProperties !== false && after.additionalProperties === false) {
    out.add('breaking', field, 'no longer accepts fields it does not name');
  }
}

function compareInto(before: Schema, after: Schema, direction: Direction, field: string, out: Findings): void {
  const was = view(before);
  const now = view(after);
  compareTypes(was, now, direction, field, out);
  if (was.opaque || now.opaque) {
    if (key(before) !== key(after)) out.add('breaking', field, 'union or intersection changed (compared as a whole)');
    return;
  }
  compareEnums(was.core, now.core, direction, field, out);
  compareFormats(was.core, now.core, direction, field, out);
  compareConstraints(was.core, now.core, direction, field, out);
  compareObjects(was.core, now.core, direction, field, out);
  if ('items' in was.core || 'items' in now.core) {
    compareInto(object(was.core.items), object(now.core.items), direction, `${field}[]`, out);
  }
}

/** Every difference between two schemas of one place, judged for `direction`. */
export function compareSchemas(before: Schema, after: Schema, direction: Direction): SchemaFinding[] {
  const out = new Findings();
  compareInto(before, after, direction, '', out);
  return out.all;
}
