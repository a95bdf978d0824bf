/**
 * The field-dependent pieces of a resource's files, as text the templates (templates/resource/) place
 * where their `{{placeholders}}` stand: TypeBox schemas, Kysely column types, SQL columns, README rows.
 * Every value that comes from the payload lands through JSON.stringify (a valid TypeScript literal) or,
 * in SQL, as a quoted literal with its quotes doubled; names were validated as plain identifiers.
 */
import { markdownText } from '../markdown.js';
import { nameForms } from '../names.js';
import { describeType, INTEGER_RANGE, type FieldSpec, type FieldValue } from './fields.js';
import { exampleValue } from './samples.js';
import type { ResourceSpec } from './spec.js';

const json = (value: unknown): string => JSON.stringify(value);

/** A string is one line of printable text; a text may hold line breaks and tabs, no other control character. */
const ONE_LINE = '^[^\\u0000-\\u001F\\u007F]*$';
const TEXT = '^[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F]*$';
/** The longest text of each string format (a date-time with microseconds and an offset is 32 characters). */
const FORMAT_LENGTHS = { date: 10, 'date-time': 35, uuid: 36 } as const;

/** The field's description: the payload's, or one said from the names ("The pet's birth date."). */
export function fieldDescription(field: FieldSpec, singular: string): string {
  if (field.description !== undefined) return field.description;
  return `The ${nameForms(singular).title.toLowerCase()}'s ${nameForms(field.name).title.toLowerCase()}.`;
}

/** TypeBox expression of the values a field accepts (never null), with `extra` options such as a default. */
export function schemaExpression(field: FieldSpec, singular: string, extra: Record<string, unknown> = {}): string {
  const options = { description: fieldDescription(field, singular), examples: [exampleValue(field)], ...extra };
  const withOptions = (own: Record<string, unknown>): string => json({ ...own, ...options });
  switch (field.type) {
    case 'string':
      return `Type.String(${withOptions({ maxLength: field.maxLength, pattern: ONE_LINE })})`;
    case 'text':
      return `Type.String(${withOptions({ maxLength: field.maxLength, pattern: TEXT })})`;
    case 'integer':
      return `Type.Integer(${withOptions({ format: 'int32', minimum: field.minimum, maximum: field.maximum })})`;
    case 'number':
      return `Type.Number(${withOptions({ format: 'double', minimum: field.minimum, maximum: field.maximum })})`;
    case 'boolean':
      return `Type.Boolean(${withOptions({})})`;
    case 'date':
    case 'date-time':
    case 'uuid':
      return `Type.String(${withOptions({ format: field.type, maxLength: FORMAT_LENGTHS[field.type] })})`;
    case 'enum':
      return `Type.Enum(${json(field.values)}, ${withOptions({})})`;
  }
}

const lines = (items: readonly string[]): string => items.join('\n');

/** Fields a list can filter on with equality: all but free text. */
export const filterable = (resource: ResourceSpec): FieldSpec[] => resource.fields.filter((f) => f.type !== 'text');

export interface ModelFragments {
  /** `name: Type.String(...),` lines of the `<singular>Fields` object. */
  readonly fieldSchemas: string;
  /** Stored properties: optional fields are nullable. */
  readonly storedProperties: string;
  /** POST body properties: optional and defaulted fields may be omitted. */
  readonly createProperties: string;
  /** List filter properties. */
  readonly filterProperties: string;
}

export function modelFragments(resource: ResourceSpec, fieldsConst: string): ModelFragments {
  const ref = (field: FieldSpec): string => `${fieldsConst}.${field.name}`;
  const nullable = (field: FieldSpec): string => `Type.Union([${ref(field)}, Type.Null()])`;
  return {
    fieldSchemas: lines(resource.fields.map((f) => `${f.name}: ${schemaExpression(f, resource.singular)},`)),
    storedProperties: lines(resource.fields.map((f) => `${f.name}: ${f.optional ? nullable(f) : ref(f)},`)),
    createProperties: lines(
      resource.fields.map((f) => {
        if (f.optional) return `${f.name}: Type.Optional(${nullable(f)}),`;
        if (f.default !== undefined) {
          return `${f.name}: Type.Optional(${schemaExpression(f, resource.singular, { default: f.default })}),`;
        }
        return `${f.name}: ${ref(f)},`;
      }),
    ),
    filterProperties: lines(filterable(resource).map((f) => `${f.name}: ${ref(f)},`)),
  };
}

/**
 * The column's type in the repository's Kysely table type: what a select gives, and what an insert or an
 * update takes (a date-time is read as a Date but written from the request's RFC 3339 text as well).
 */
function columnType(field: FieldSpec): string {
  const selected = {
    string: 'string',
    text: 'string',
    date: 'string',
    uuid: 'string',
    integer: 'number',
    number: 'number',
    boolean: 'boolean',
    'date-time': 'Date',
    enum: (field.values ?? []).map((value) => json(value)).join(' | '),
  }[field.type];
  const written = field.type === 'date-time' ? 'Date | string' : selected;
  const nullable = (type: string): string => (field.optional ? `${type} | null` : type);
  // The database fills a defaulted column the client left out.
  if (field.default !== undefined) {
    return written === selected
      ? `Generated<${selected}>`
      : `ColumnType<${selected}, ${written} | undefined, ${written}>`;
  }
  if (written === selected) return nullable(selected);
  return `ColumnType<${nullable(selected)}, ${nullable(written)}, ${nullable(written)}>`;
}

export function tableColumns(resource: ResourceSpec): string {
  return lines(resource.fields.map((field) => `${field.name}: ${columnType(field)};`));
}

const sqlLiteral = (value: FieldValue): string =>
  typeof value === 'string' ? `'${value.replace(/'/g, "''")}'` : String(value).toUpperCase();

/** One column of the CREATE TABLE statement, with the checks that the schema also enforces. */
function sqlColumn(field: FieldSpec): string {
  const quoted = `"${field.name}"`;
  const type = {
    string: `varchar(${field.maxLength})`,
    text: 'text',
    integer: 'integer',
    number: 'double precision',
    boolean: 'boolean',
    date: 'date',
    'date-time': 'timestamptz',
    uuid: 'uuid',
    enum: 'text',
  }[field.type];
  const checks: string[] = [];
  if (field.type === 'enum') checks.push(`${quoted} IN (${(field.values ?? []).map(sqlLiteral).join(', ')})`);
  if (field.minimum !== undefined && !(field.type === 'integer' && field.minimum === INTEGER_RANGE.minimum)) {
    checks.push(`${quoted} >= ${field.minimum}`);
  }
  if (field.maximum !== undefined && !(field.type === 'integer' && field.maximum === INTEGER_RANGE.maximum)) {
    checks.push(`${quoted} <= ${field.maximum}`);
  }
  return [
    quoted,
    type,
    field.optional ? '' : 'NOT NULL',
    field.default === undefined ? '' : `DEFAULT ${sqlLiteral(field.default)}`,
    field.unique ? 'UNIQUE' : '',
    checks.length > 0 ? `CHECK (${checks.join(' AND ')})` : '',
  ]
    .filter((part) => part !== '')
    .join(' ');
}

export function sqlColumns(resource: ResourceSpec): string {
  return resource.fields.map((field) => `  ${sqlColumn(field)}`).join(',\n');
}

/** The README's table of fields. */
export function fieldTable(resource: ResourceSpec): string {
  const cell = markdownText;
  const rows = resource.fields.map((field) => {
    const rules = [
      field.optional
        ? 'optional (null when not given)'
        : field.default === undefined
          ? 'required'
          : `default ${json(field.default)}`,
      field.unique ? 'unique' : '',
      field.type === 'text' ? '' : 'filter',
    ].filter((rule) => rule !== '');
    return `| \`${field.name}\` | ${cell(describeType(field))} | ${rules.join(', ')} | ${cell(fieldDescription(field, resource.singular))} |`;
  });
  return ['| field | type | rules | description |', '| --- | --- | --- | --- |', ...rows].join('\n');
}
