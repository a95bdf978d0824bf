/**
 * The values templates/resource/ is rendered with: names of the record, scopes, and the field-dependent
 * fragments (fragments.ts), examples and test data (samples.ts). The conditional tests (a filter, a unique
 * field) are template parts of their own (templates/resource/parts/), rendered only when they apply.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fenceFor } from '../markdown.js';
import { nameForms } from '../names.js';
import { render, type TemplateValues } from '../render.js';
import type { FieldSpec } from './fields.js';
import { fieldTable, filterable, modelFragments, sqlColumns, tableColumns } from './fragments.js';
import { exampleValue, invalidValue, otherValue, sampleExpression } from './samples.js';
import type { ResourceSpec } from './spec.js';

/** TypeScript string literal (JSON's quoting is valid TypeScript; Prettier picks the project's quotes). */
const literal = (value: unknown): string => JSON.stringify(value);
const lines = (items: readonly string[]): string => items.join('\n');
const article = (noun: string): string => (/^[aeiou]/.test(noun) ? `an ${noun}` : `a ${noun}`);

export const EXAMPLE_ID = '0b5a4c3e-8f1d-4c6e-9a2b-7d3f1e5c9a10';
export const EXAMPLE_TIME = '2026-01-31T12:00:00.000Z';

function examples(resource: ResourceSpec) {
  const fields = Object.fromEntries(resource.fields.map((field) => [field.name, exampleValue(field)]));
  return { record: { id: EXAMPLE_ID, created_at: EXAMPLE_TIME, updated_at: EXAMPLE_TIME, ...fields }, fields };
}

const differs = (field: FieldSpec): boolean => otherValue(field) !== exampleValue(field);

/** The field a generated update changes, and the TypeScript expression of its new value (`n` in scope). */
function change(resource: ResourceSpec): { field: string; expression: string; usesSerial: boolean } {
  const plain = resource.fields.find((field) => !field.unique && differs(field));
  if (plain !== undefined) return { field: plain.name, expression: literal(otherValue(plain)), usesSerial: false };
  const unique = resource.fields.find((field) => field.unique);
  if (unique !== undefined) return { field: unique.name, expression: sampleExpression(unique), usesSerial: true };
  const first = resource.fields[0] as FieldSpec;
  return { field: first.name, expression: literal(otherValue(first)), usesSerial: false };
}

/** The test values of a stored row in the service's unit test: date-times are Dates there. */
function storedRowField(field: FieldSpec): string {
  const value = exampleValue(field);
  return `${field.name}: ${field.type === 'date-time' ? `new Date(${literal(value)})` : literal(value)},`;
}

function part(templatesDir: string, name: string, values: TemplateValues): string {
  const path = join(templatesDir, 'parts', name);
  return render(readFileSync(path, 'utf8'), values, `templates/resource/parts/${name}`);
}

function conditionalTests(resource: ResourceSpec, templatesDir: string, base: TemplateValues): TemplateValues {
  const candidates = filterable(resource);
  const filterField =
    candidates.find((field) => !field.unique && differs(field)) ?? candidates.find((field) => field.unique);
  const uniqueField = resource.fields.find((field) => field.unique);
  return {
    filterTest:
      filterField === undefined
        ? ''
        : part(templatesDir, 'filter-test.ts.part', {
            ...base,
            filterField: filterField.name,
            filterOtherExpression: filterField.unique
              ? `sampleBody().${filterField.name}`
              : literal(otherValue(filterField)),
          }),
    uniqueTest:
      uniqueField === undefined
        ? ''
        : part(templatesDir, 'unique-test.ts.part', { ...base, uniqueField: uniqueField.name }),
  };
}

export function resourceValues(
  featureName: string,
  resource: ResourceSpec,
  base: TemplateValues,
  templatesDir: string,
): TemplateValues {
  const record = nameForms(resource.singular);
  const noun = record.title.toLowerCase();
  const plural = nameForms(featureName).title.toLowerCase();
  const example = examples(resource);
  const { fields: createExample } = example;
  const changed = change(resource);
  const uniques = resource.fields.filter((field) => field.unique).map((field) => field.name);
  const required = resource.fields.filter((field) => !field.optional && field.default === undefined);
  const filled = resource.fields
    .filter((field) => field.optional || field.default !== undefined)
    .map((field) => [field.name, field.optional ? null : field.default]);
  const filters = filterable(resource).map((field) => literal(field.name));
  const values: TemplateValues = {
    ...base,
    RecordPascal: record.pascal,
    recordCamel: record.camel,
    recordTitleLower: noun,
    recordNoun: noun,
    recordNounLiteral: literal(noun),
    readScopeLiteral: literal(resource.scopes.read),
    writeScopeLiteral: literal(resource.scopes.write),
    readScopeText: resource.scopes.read,
    writeScopeText: resource.scopes.write,
    notFoundLiteral: literal(`No ${noun} has this id.`),
    conflictResponses:
      uniques.length === 0
        ? '{}'
        : `{ 409: ${literal(`${article(noun)} with the same ${uniques.join(' or the same ')} already exists.`)} }`,
    listSummaryLiteral: literal(`List ${plural}`),
    getSummaryLiteral: literal(`Read ${article(noun)}`),
    createSummaryLiteral: literal(`Create ${article(noun)}`),
    updateSummaryLiteral: literal(`Change ${article(noun)}`),
    deleteSummaryLiteral: literal(`Delete ${article(noun)}`),
    recordDescriptionLiteral: literal(`${article(noun).replace(/^./, (c) => c.toUpperCase())}.`),
    createDescriptionLiteral: literal(`A new ${noun}.`),
    pageDescriptionLiteral: literal(`A page of ${plural}.`),
    recordExample: literal(example.record),
    createExample: literal(createExample),
    patchExample: `{ ${changed.field}: ${literal(otherValue(resource.fields.find((f) => f.name === changed.field) as FieldSpec))} }`,
    ...modelFragments(resource, `${record.camel}Fields`),
    tableColumns: tableColumns(resource),
    kyselyTypes: [
      ...(resource.fields.some((field) => field.type === 'date-time') ? ['ColumnType'] : []),
      'Generated',
      'Insertable',
      'Selectable',
    ].join(', '),
    filterKeys: filters.length === 0 ? 'never' : filters.join(' | '),
    sqlColumns: sqlColumns(resource),
    fieldTable: fieldTable(resource),
    recordExampleJson: JSON.stringify(example.record, null, 2),
    recordFence: fenceFor(JSON.stringify(example.record)),
    createExampleJson: JSON.stringify(createExample, null, 2),
    createFence: fenceFor(JSON.stringify(createExample)),
    sampleBody: lines(resource.fields.map((field) => `${field.name}: ${sampleExpression(field)},`)),
    requiredBody: lines(required.map((field) => `${field.name}: ${sampleExpression(field)},`)),
    filledLiteral: literal(Object.fromEntries(filled)),
    invalidLiteral: literal(Object.fromEntries(resource.fields.map((field) => [field.name, invalidValue(field)]))),
    serialDeclaration: uniques.length === 0 ? '' : 'let serial = 1;',
    sampleSignature: uniques.length === 0 ? '' : 'n = serial++',
    requiredSignature: required.some((field) => field.unique) ? 'n = serial++' : '',
    changeSignature: changed.usesSerial ? 'n = serial++' : '',
    changeField: changed.field,
    changeExpression: changed.expression,
    storedRowFields: lines(resource.fields.map(storedRowField)),
  };
  return { ...values, ...conditionalTests(resource, templatesDir, values) };
}
