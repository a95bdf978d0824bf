/**
 * Values of a resource's fields for its examples and its generated tests: an example value (the payload's
 * own `example` when given), another valid value that differs from it where the type allows, and a value
 * the field refuses. All are computed here, once, so the README, the OpenAPI examples and the tests agree.
 */
import { nameForms } from '../names.js';
import type { FieldSpec, FieldValue } from './fields.js';

const clamp = (value: number, field: FieldSpec): number =>
  Math.min(Math.max(value, field.minimum ?? -Infinity), field.maximum ?? Infinity);

const cut = (text: string, field: FieldSpec): string =>
  Array.from(text)
    .slice(0, field.maxLength ?? text.length)
    .join('');

/** A valid value for the field's example and for the generated tests' records. */
export function exampleValue(field: FieldSpec): FieldValue {
  if (field.example !== undefined) return field.example;
  if (field.default !== undefined) return field.default;
  const words = nameForms(field.name).title;
  switch (field.type) {
    case 'string':
      return cut(`Example ${words.toLowerCase()}`, field);
    case 'text':
      return `Example ${words.toLowerCase()}.`;
    case 'integer':
      return clamp(1, field);
    case 'number':
      return clamp(1.5, field);
    case 'boolean':
      return true;
    case 'date':
      return '2020-05-17';
    case 'date-time':
      return '2026-01-31T12:00:00.000Z';
    case 'uuid':
    case 'ref':
      return '7d3f1e5c-9a10-4c6e-8f1d-0b5a4c3e2b1a';
    case 'enum':
      return field.values?.[0] ?? '';
  }
}

/** Another valid value, different from the example wherever the field has more than one value. */
export function otherValue(field: FieldSpec): FieldValue {
  const example = exampleValue(field);
  switch (field.type) {
    case 'string':
    case 'text': {
      const other = field.type === 'string' ? cut(`Other ${String(example)}`, field) : `Other ${String(example)}`;
      return other === example ? cut('0', field) : other;
    }
    case 'integer':
    case 'number': {
      const value = example as number;
      const candidates = [value + 1, value - 1, field.minimum, field.maximum].filter(
        (candidate): candidate is number => candidate !== undefined,
      );
      return candidates.find((candidate) => candidate !== value && clamp(candidate, field) === candidate) ?? value;
    }
    case 'boolean':
      return !(example as boolean);
    case 'date':
      return example === '2021-06-18' ? '2020-05-17' : '2021-06-18';
    case 'date-time':
      return example === '2026-02-01T08:30:00.000Z' ? '2026-01-31T12:00:00.000Z' : '2026-02-01T08:30:00.000Z';
    case 'uuid':
      return example === '1c9e8f2a-3b4d-4e5f-9a6b-7c8d9e0f1a2b'
        ? '7d3f1e5c-9a10-4c6e-8f1d-0b5a4c3e2b1a'
        : '1c9e8f2a-3b4d-4e5f-9a6b-7c8d9e0f1a2b';
    case 'enum':
      return field.values?.find((value) => value !== example) ?? example;
    case 'ref':
      // Only a record that exists (and is the caller's) can be named: the tests name one they made.
      return example;
  }
}

/** A JSON value the field refuses (no body coercion: a number is never a string). */
export function invalidValue(field: FieldSpec): unknown {
  switch (field.type) {
    case 'integer':
    case 'number':
    case 'boolean':
      return 'not a value';
    case 'enum':
      return 'not-one-of-the-values';
    default:
      return 12345;
  }
}

/**
 * TypeScript expression of the field's value in the generated tests' n-th record (`n` in scope): a unique
 * field differs from record to record, so records never collide; any other field keeps its example.
 */
export function sampleExpression(field: FieldSpec): string {
  // The id of a record the test app made for the reference (test/helpers/resource-app.ts).
  if (field.type === 'ref') return `served.reference(${JSON.stringify(field.name)})`;
  const example = JSON.stringify(exampleValue(field));
  if (!field.unique) return example;
  switch (field.type) {
    case 'string':
      return `[n, ${example}].join('-').slice(0, ${field.maxLength})`;
    case 'integer':
    case 'number':
      return field.minimum === undefined ? 'n' : `${field.minimum} + n`;
    case 'date':
      return 'new Date(Date.UTC(2020, 0, 1) + n * 86_400_000).toISOString().slice(0, 10)';
    case 'date-time':
      return 'new Date(Date.UTC(2026, 0, 31) + n * 1000).toISOString()';
    case 'uuid':
      return "`00000000-0000-4000-8000-${String(n).padStart(12, '0')}`";
    default:
      return example;
  }
}
