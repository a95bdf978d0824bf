/**
 * The field-dependent pieces of a resource's files: the declaration's fields as TypeScript (resource.ts),
 * the same declaration in memory (for the migration's SQL, migration.ts), and the README's rows. Both the
 * code and the declaration in memory come from one options object per field, so they cannot disagree.
 * Every value that comes from the payload lands through JSON.stringify (a valid TypeScript literal); names
 * were validated as plain identifiers.
 */
import { defineResource, type ResourceDeclaration } from '../../../src/core/resource/declaration.js';
import { DEFAULT_TEXT_LENGTH, field as fields, INTEGER_RANGE, type Field } from '../../../src/core/resource/fields.js';
import { markdownText } from '../markdown.js';
import { nameForms } from '../names.js';
import { describeType, type FieldSpec } from './fields.js';
import { exampleValue } from './samples.js';
import type { ResourceSpec } from './spec.js';

const json = (value: unknown): string => JSON.stringify(value);

/** The field's description: the payload's, or one said from the names ("The pet's birth date."). */
export function fieldDescription(field: FieldSpec, singular: string): string {
  if (field.description !== undefined) return field.description;
  return `The ${nameForms(singular).title.toLowerCase()}'s ${nameForms(field.name).title.toLowerCase()}.`;
}

/** The constructor of each type in src/core/resource/fields.ts. */
const CONSTRUCTORS = {
  string: 'string',
  text: 'text',
  integer: 'integer',
  number: 'number',
  boolean: 'boolean',
  date: 'date',
  'date-time': 'dateTime',
  uuid: 'uuid',
  enum: 'enum',
  ref: 'ref',
} as const;

/** What the field's constructor is given, besides an enum's values; what the constructor would say anyway is left out. */
function fieldOptions(field: FieldSpec, singular: string): Record<string, unknown> {
  const fullRange = field.type === 'integer' && field.minimum === INTEGER_RANGE.minimum;
  const fullTop = field.type === 'integer' && field.maximum === INTEGER_RANGE.maximum;
  return {
    ...(field.maxLength === undefined || (field.type === 'text' && field.maxLength === DEFAULT_TEXT_LENGTH)
      ? {}
      : { maxLength: field.maxLength }),
    ...(field.minimum === undefined || fullRange ? {} : { minimum: field.minimum }),
    ...(field.maximum === undefined || fullTop ? {} : { maximum: field.maximum }),
    ...(field.optional ? { optional: true } : {}),
    ...(field.unique ? { unique: true } : {}),
    ...(field.default === undefined ? {} : { default: field.default }),
    description: fieldDescription(field, singular),
    example: exampleValue(field),
    ...(field.onDelete === 'cascade' ? { onDelete: field.onDelete } : {}),
  };
}

/** What the constructor takes before the options: an enum's values, a reference's feature. */
const leading = (field: FieldSpec): unknown[] =>
  field.type === 'enum' ? [field.values] : field.type === 'ref' ? [field.references] : [];

/** The field as the declaration holds it. */
export function fieldOf(field: FieldSpec, singular: string): Field {
  // The options were checked with the field (fields.ts's validateField): they are what the constructor takes.
  const options = fieldOptions(field, singular);
  return (fields[CONSTRUCTORS[field.type]] as (...args: unknown[]) => Field)(...leading(field), options);
}

/** The declaration the generated resource.ts makes, made here in memory. */
export function declarationOf(featureName: string, resource: ResourceSpec): ResourceDeclaration {
  return defineResource({
    table: featureName,
    singular: resource.singular,
    fields: Object.fromEntries(resource.fields.map((field) => [field.name, fieldOf(field, resource.singular)])),
    shared: resource.shared,
  });
}

/** One `name: field.string({...}),` line of the declaration's fields. */
export function fieldCode(field: FieldSpec, singular: string): string {
  const args = [...leading(field), fieldOptions(field, singular)].map(json).join(', ');
  return `${field.name}: field.${CONSTRUCTORS[field.type]}(${args}),`;
}

/** Fields a list can filter on with equality, as the engine decides. */
export const filterable = (resource: ResourceSpec): FieldSpec[] =>
  resource.fields.filter((field) => fieldOf(field, resource.singular).filter);

/** The header of the README's table of fields. */
const FIELD_TABLE_HEADER = ['| field | type | rules | description |', '| --- | --- | --- | --- |'];

/** One row of the README's table of fields. */
export function fieldRow(field: FieldSpec, singular: string): string {
  const cell = markdownText;
  const rules = [
    field.optional
      ? 'optional (null when not given)'
      : field.default === undefined
        ? 'required'
        : `default ${json(field.default)}`,
    field.unique ? 'unique' : '',
    fieldOf(field, singular).filter ? 'filter' : '',
  ].filter((rule) => rule !== '');
  return `| \`${field.name}\` | ${cell(describeType(field))} | ${rules.join(', ')} | ${cell(fieldDescription(field, singular))} |`;
}

/** The README's table of fields. */
export function fieldTable(resource: ResourceSpec): string {
  return [...FIELD_TABLE_HEADER, ...resource.fields.map((field) => fieldRow(field, resource.singular))].join('\n');
}
