/**
 * A resource's fields: the types the builder knows, and the validation that turns what a person typed or a
 * program wrote (a FieldInput) into a FieldSpec the templates can trust. Every refusal is one line naming
 * the field, so a mistake in a list of ten fields is found at once.
 */
import { Refusal } from '../errors.js';
import { JS_RESERVED } from '../names.js';
import { RESERVED_NAMES } from '../../../src/core/resource/declaration.js';
import { DEFAULT_TEXT_LENGTH, INTEGER_RANGE, type OnDelete } from '../../../src/core/resource/fields.js';
import { SQL_RESERVED } from './sql-reserved.js';

export const FIELD_TYPES = [
  'string',
  'text',
  'integer',
  'number',
  'boolean',
  'date',
  'date-time',
  'enum',
  'uuid',
  'ref',
] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

/** What a flag or a payload says about one field, before validation. */
export interface FieldInput {
  type?: unknown;
  maxLength?: unknown;
  minimum?: unknown;
  maximum?: unknown;
  values?: unknown;
  optional?: unknown;
  unique?: unknown;
  default?: unknown;
  description?: unknown;
  example?: unknown;
  /** ref: the feature it refers to. */
  references?: unknown;
  /** ref: `restrict` (the default) or `cascade`. */
  onDelete?: unknown;
}

export type FieldValue = string | number | boolean;

export interface FieldSpec {
  readonly name: string;
  readonly type: FieldType;
  /** string: at most this many characters. */
  readonly maxLength?: number;
  /** integer and number: inclusive bounds. */
  readonly minimum?: number;
  readonly maximum?: number;
  /** enum: the allowed values, in order. */
  readonly values?: readonly string[];
  /** May be omitted or null: stored as NULL. */
  readonly optional: boolean;
  readonly unique: boolean;
  readonly default?: FieldValue;
  readonly description?: string;
  readonly example?: FieldValue;
  /** ref: the resource feature it refers to, and what deleting that record does (restrict or cascade). */
  readonly references?: string;
  readonly onDelete?: OnDelete;
}

export const FIELD_KEYS = Object.keys({
  type: 0,
  maxLength: 0,
  minimum: 0,
  maximum: 0,
  values: 0,
  optional: 0,
  unique: 0,
  default: 0,
  description: 0,
  example: 0,
  references: 0,
  onDelete: 0,
} satisfies Record<keyof FieldInput, 0>);

/** Types that can be unique: a boolean, an enum or free text would allow only a few records, or none indexable. */
const UNIQUE_TYPES: readonly FieldType[] = ['string', 'integer', 'number', 'date', 'date-time', 'uuid'];

/** PostgreSQL's identifier limit (NAMEDATALEN - 1). */
export const MAX_FIELD_NAME_LENGTH = 63;
/** PostgreSQL's varchar limit. */
export const MAX_STRING_LENGTH = 10_485_760;
/** A unique string must fit a B-tree index entry (about 2.7 kB) even in 4-byte UTF-8 characters. */
export const MAX_UNIQUE_STRING_LENGTH = 600;

const FIELD_NAME = /^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$/;
const ENUM_VALUE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,6})?(?:Z|[+-]\d{2}:\d{2})$/i;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Thrown for one field: the message names it. */
export function fieldRefusal(name: string, problem: string): Refusal {
  return new Refusal(`Field ${JSON.stringify(name)}: ${problem}.`);
}

export function validateFieldName(name: string): string {
  const accepted = `expected lower snake_case of at most ${MAX_FIELD_NAME_LENGTH} characters (e.g. birth_date)`;
  if (!FIELD_NAME.test(name)) throw fieldRefusal(name, `not a safe SQL and JavaScript identifier: ${accepted}`);
  if (name.length > MAX_FIELD_NAME_LENGTH) throw fieldRefusal(name, `${name.length} characters long: ${accepted}`);
  if (RESERVED_NAMES.includes(name)) {
    throw fieldRefusal(name, `reserved: every resource has ${RESERVED_NAMES.join(', ')} already`);
  }
  if (SQL_RESERVED.has(name)) throw fieldRefusal(name, 'a reserved word of SQL: choose another name');
  if (JS_RESERVED.includes(name)) throw fieldRefusal(name, 'a reserved word of JavaScript: choose another name');
  return name;
}

function isValidDate(text: string): boolean {
  const match = DATE.exec(text);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** Whether `value` is a value of the field: what its default and example must be. */
export function acceptsValue(field: Omit<FieldSpec, 'default' | 'example'>, value: unknown): boolean {
  switch (field.type) {
    case 'string':
    case 'text':
      return (
        typeof value === 'string' &&
        // eslint-disable-next-line no-control-regex
        !/[\u0000-\u001f\u007f\u2028\u2029]/.test(value) &&
        (field.maxLength === undefined || Array.from(value).length <= field.maxLength)
      );
    case 'integer':
    case 'number':
      return (
        typeof value === 'number' &&
        Number.isFinite(value) &&
        (field.type === 'number' || Number.isInteger(value)) &&
        (field.minimum === undefined || value >= field.minimum) &&
        (field.maximum === undefined || value <= field.maximum)
      );
    case 'boolean':
      return typeof value === 'boolean';
    case 'date':
      return typeof value === 'string' && isValidDate(value);
    case 'date-time':
      return typeof value === 'string' && DATE_TIME.test(value) && !Number.isNaN(Date.parse(value));
    case 'enum':
      return typeof value === 'string' && (field.values ?? []).includes(value);
    case 'uuid':
    case 'ref':
      return typeof value === 'string' && UUID.test(value);
  }
}

function flag(name: string, key: string, value: unknown): boolean {
  if (value === undefined) return false;
  if (typeof value !== 'boolean') throw fieldRefusal(name, `"${key}" must be true or false`);
  return value;
}

function bound(name: string, type: FieldType, key: 'minimum' | 'maximum', value: unknown): number | undefined {
  if (value === undefined) return undefined;
  const integer = type === 'integer';
  if (typeof value !== 'number' || !Number.isFinite(value) || (integer && !Number.isInteger(value))) {
    throw fieldRefusal(name, `${key} ${JSON.stringify(value)} is not ${integer ? 'an integer' : 'a finite number'}`);
  }
  if (integer && (value < INTEGER_RANGE.minimum || value > INTEGER_RANGE.maximum)) {
    throw fieldRefusal(name, `${key} ${value} is outside the integer column's range (32 bits)`);
  }
  return value;
}

function typeArguments(name: string, type: FieldType, input: FieldInput): Partial<FieldSpec> {
  const misplaced = (['maxLength', 'minimum', 'maximum', 'values', 'references', 'onDelete'] as const).find(
    (key) =>
      input[key] !== undefined &&
      !(
        ((key === 'references' || key === 'onDelete') && type === 'ref') ||
        (key === 'maxLength' && (type === 'string' || type === 'text')) ||
        (key === 'values' && type === 'enum') ||
        ((key === 'minimum' || key === 'maximum') && (type === 'integer' || type === 'number'))
      ),
  );
  if (misplaced !== undefined) throw fieldRefusal(name, `a ${type} field takes no ${misplaced}`);
  if (type === 'string' || type === 'text') {
    const { maxLength } = input;
    if (maxLength === undefined && type === 'text') return { maxLength: DEFAULT_TEXT_LENGTH };
    if (maxLength === undefined) throw fieldRefusal(name, `a string needs its maximum length (e.g. ${name}:string:80)`);
    if (
      typeof maxLength !== 'number' ||
      !Number.isInteger(maxLength) ||
      maxLength < 1 ||
      maxLength > MAX_STRING_LENGTH
    ) {
      throw fieldRefusal(
        name,
        `maximum length ${JSON.stringify(maxLength)} is not a whole number from 1 to ${MAX_STRING_LENGTH}`,
      );
    }
    return { maxLength };
  }
  if (type === 'integer' || type === 'number') {
    const minimum = bound(name, type, 'minimum', input.minimum);
    const maximum = bound(name, type, 'maximum', input.maximum);
    if (minimum !== undefined && maximum !== undefined && minimum > maximum) {
      throw fieldRefusal(name, `bounds contradict: minimum ${minimum} is above maximum ${maximum}`);
    }
    return type === 'integer'
      ? { minimum: minimum ?? INTEGER_RANGE.minimum, maximum: maximum ?? INTEGER_RANGE.maximum }
      : { ...(minimum === undefined ? {} : { minimum }), ...(maximum === undefined ? {} : { maximum }) };
  }
  if (type === 'enum') {
    const { values } = input;
    if (!Array.isArray(values) || values.length === 0) {
      throw fieldRefusal(name, `an enum needs at least one value (e.g. ${name}:enum:dog,cat)`);
    }
    for (const value of values as unknown[]) {
      if (typeof value !== 'string' || !ENUM_VALUE.test(value)) {
        throw fieldRefusal(
          name,
          `enum value ${JSON.stringify(value)} is not 1 to 63 letters, digits, "_", "." or "-" starting with a letter or digit`,
        );
      }
    }
    const duplicate = (values as string[]).find((value, index) => values.indexOf(value) !== index);
    if (duplicate !== undefined) throw fieldRefusal(name, `enum value ${JSON.stringify(duplicate)} is listed twice`);
    return { values: values as string[] };
  }
  if (type === 'ref') return reference(name, input);
  return {};
}

const ON_DELETE: readonly OnDelete[] = ['restrict', 'cascade'];

function reference(name: string, { references, onDelete }: FieldInput): Partial<FieldSpec> {
  if (typeof references !== 'string' || !FIELD_NAME.test(references) || references.length > MAX_FIELD_NAME_LENGTH) {
    throw fieldRefusal(name, `a reference needs the resource feature it refers to (e.g. ${name}:ref:pets)`);
  }
  if (onDelete !== undefined && !ON_DELETE.includes(onDelete as OnDelete)) {
    throw fieldRefusal(name, `onDelete ${JSON.stringify(onDelete)} is not one of ${ON_DELETE.join(', ')}`);
  }
  return { references, onDelete: (onDelete as OnDelete | undefined) ?? 'restrict' };
}

/** Validates one field's input into its spec, or throws a Refusal naming the field. */
export function validateField(name: string, input: FieldInput): FieldSpec {
  validateFieldName(name);
  const unknownKey = Object.keys(input).find((key) => !FIELD_KEYS.includes(key));
  if (unknownKey !== undefined) {
    throw fieldRefusal(name, `unknown key ${JSON.stringify(unknownKey)}: expected ${FIELD_KEYS.join(', ')}`);
  }
  const { type } = input;
  if (typeof type !== 'string' || !(FIELD_TYPES as readonly string[]).includes(type)) {
    throw fieldRefusal(name, `unknown type ${JSON.stringify(type)}: expected one of ${FIELD_TYPES.join(', ')}`);
  }
  const fieldType = type as FieldType;
  const base = {
    name,
    type: fieldType,
    ...typeArguments(name, fieldType, input),
    optional: flag(name, 'optional', input.optional),
    unique: flag(name, 'unique', input.unique),
  };
  if (fieldType === 'ref' && input.default !== undefined) {
    throw fieldRefusal(name, 'a reference has no default: each record names its own');
  }
  if (base.optional && input.default !== undefined) {
    throw fieldRefusal(name, 'optional and default contradict: an optional field defaults to null');
  }
  if (base.unique && !UNIQUE_TYPES.includes(fieldType)) {
    throw fieldRefusal(name, `a ${fieldType} cannot be unique: expected one of ${UNIQUE_TYPES.join(', ')}`);
  }
  if (base.unique && (base.maxLength ?? 0) > MAX_UNIQUE_STRING_LENGTH) {
    throw fieldRefusal(
      name,
      `a unique string needs a maximum length of at most ${MAX_UNIQUE_STRING_LENGTH} (an index entry's size)`,
    );
  }
  const spec: FieldSpec = { ...base };
  for (const key of ['default', 'example'] as const) {
    const value = input[key];
    if (value === undefined) continue;
    if (!acceptsValue(spec, value)) {
      throw fieldRefusal(name, `${key} ${JSON.stringify(value)} is not a valid ${describeType(spec)}`);
    }
    Object.assign(spec, { [key]: value });
  }
  if (input.description !== undefined) {
    const line = { name, type: 'text', optional: false, unique: false } as const;
    if (typeof input.description !== 'string' || !acceptsValue(line, input.description)) {
      throw fieldRefusal(name, 'description must be a single line of text');
    }
    Object.assign(spec, { description: input.description.trim() });
  }
  return spec;
}

/** The type as a person reads it: "string of at most 80 characters", "integer from 0 to 100". */
export function describeType(field: Omit<FieldSpec, 'default' | 'example'>): string {
  switch (field.type) {
    case 'string':
    case 'text':
      return `${field.type === 'string' ? 'string (one line)' : 'text'} of at most ${field.maxLength} characters`;
    case 'integer':
    case 'number':
      return `${field.type}${field.minimum === undefined ? '' : ` from ${field.minimum}`}${field.maximum === undefined ? '' : ` to ${field.maximum}`}`;
    case 'enum':
      return `one of ${(field.values ?? []).join(', ')}`;
    case 'date':
      return 'date (YYYY-MM-DD)';
    case 'date-time':
      return 'date-time (RFC 3339, e.g. 2026-01-31T12:00:00Z)';
    case 'ref':
      return `id of a ${field.references ?? ''} record${field.onDelete === 'cascade' ? ' (deleted with it)' : ''}`;
    default:
      return field.type;
  }
}
