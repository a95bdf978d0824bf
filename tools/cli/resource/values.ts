/**
 * The values templates/resource/ is rendered with: names of the record, scopes, the declaration's fields
 * as code and the migration from the same declaration (fragments.ts, migration.ts), examples and test data
 * (samples.ts). The conditional tests (a filter, a unique field) are template parts of their own
 * (templates/resource/parts/), rendered only when they apply.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EXAMPLE_ID, EXAMPLE_TIME } from '../../../src/core/resource/schemas.js';
import { fenceFor } from '../markdown.js';
import { nameForms } from '../names.js';
import { render, type TemplateValues } from '../render.js';
import type { FieldSpec } from './fields.js';
import { declarationOf, fieldCode, fieldTable, filterable } from './fragments.js';
import { createTableSql } from './migration.js';
import { exampleValue, invalidValue, otherValue, sampleExpression } from './samples.js';
import type { ResourceSpec } from './spec.js';

/** TypeScript literal (JSON's quoting is valid TypeScript; Prettier picks the project's quotes). */
const literal = (value: unknown): string => JSON.stringify(value);
const lines = (items: readonly string[]): string => items.join('\n');
const pointers = (fields: readonly FieldSpec[], prefix = ''): string =>
  literal(fields.map((field) => `${prefix}/${field.name}`).sort());

const differs = (field: FieldSpec): boolean => otherValue(field) !== exampleValue(field);

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
  const fields = Object.fromEntries(resource.fields.map((field) => [field.name, exampleValue(field)]));
  const record = { id: EXAMPLE_ID, created_at: EXAMPLE_TIME, updated_at: EXAMPLE_TIME, ...fields };
  const uniques = resource.fields.filter((field) => field.unique);
  const required = resource.fields.filter((field) => !field.optional && field.default === undefined);
  const filled = resource.fields
    .filter((field) => field.optional || field.default !== undefined)
    .map((field) => [field.name, field.optional ? null : field.default]);
  const invalid = literal(Object.fromEntries(resource.fields.map((field) => [field.name, invalidValue(field)])));
  const values: TemplateValues = {
    ...base,
    singular: resource.singular,
    recordNoun: nameForms(resource.singular).title.toLowerCase(),
    readScopeLiteral: literal(resource.scopes.read),
    writeScopeLiteral: literal(resource.scopes.write),
    readScopeText: resource.scopes.read,
    writeScopeText: resource.scopes.write,
    fieldsCode: lines(resource.fields.map((field) => fieldCode(field, resource.singular))),
    sharedCode: resource.shared
      ? '  // Reference data: every caller with its scopes reaches every record (docs/security.md).\n  shared: true,'
      : '',
    createTableSql: createTableSql(declarationOf(featureName, resource)).trimEnd(),
    fieldTable: fieldTable(resource),
    recordExampleJson: JSON.stringify(record, null, 2),
    recordFence: fenceFor(JSON.stringify(record)),
    createExample: literal(fields),
    createExampleJson: JSON.stringify(fields, null, 2),
    createFence: fenceFor(JSON.stringify(fields)),
    requiredExample: literal(Object.fromEntries(required.map((field) => [field.name, exampleValue(field)]))),
    requiredPointers: pointers(required),
    requiredNames: literal(required.map((field) => field.name)),
    invalidLiteral: invalid,
    everyPointer: pointers(resource.fields),
    everyBodyPointer: pointers(resource.fields, 'body '),
    sampleBody: lines(resource.fields.map((field) => `${field.name}: ${sampleExpression(field)},`)),
    filledLiteral: literal(Object.fromEntries(filled)),
    serialDeclaration: uniques.length === 0 ? '' : 'let serial = 1;',
    sampleSignature: uniques.length === 0 ? '' : 'n = serial++',
  };
  return { ...values, ...conditionalTests(resource, templatesDir, values) };
}
