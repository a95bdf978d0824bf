/**
 * The request and response schemas of a resource's operations, derived from its declaration's fields (the
 * ones a version exposes): the record, the bodies of POST and PATCH, a list's query and page. Each is at
 * once the validator or serializer and the OpenAPI schema; descriptions and examples come from the fields.
 */
import Type from 'typebox';
import { namedSchema } from '../openapi/components.js';
import type { Fields } from './declaration.js';
import type { Field } from './fields.js';
import type { Nouns } from './nouns.js';
import { CURSOR_PATTERN, MAX_CURSOR_LENGTH, pageParameters } from './openapi.js';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

/** The id and times every example record shows. */
export const EXAMPLE_ID = '0b5a4c3e-8f1d-4c6e-9a2b-7d3f1e5c9a10';
export const EXAMPLE_TIME = '2026-01-31T12:00:00.000Z';

export interface ResourceSchemas {
  readonly Record: Type.TObject;
  readonly Create: Type.TObject;
  readonly Patch: Type.TSchema;
  readonly ListQuery: Type.TObject;
  readonly Page: Type.TObject;
  readonly examples: { readonly record: Record<string, unknown>; readonly create: Record<string, unknown> };
}

const map = <T>(fields: Fields, each: (field: Field, name: string) => T): Record<string, T> =>
  Object.fromEntries(Object.entries(fields).map(([name, field]) => [name, each(field, name)]));

const nullable = (field: Field): Type.TSchema => Type.Union([field.schema, Type.Null()]);

export function resourceSchemas(fields: Fields, nouns: Nouns): ResourceSchemas {
  const values = map(fields, (field) => field.example);
  const record = { id: EXAMPLE_ID, created_at: EXAMPLE_TIME, updated_at: EXAMPLE_TIME, ...values };
  // Stored: an optional field is null when not given.
  const stored = map(fields, (field) => (field.optional ? nullable(field) : field.schema));
  const Record = Type.Object(
    {
      id: Type.String({ format: 'uuid', maxLength: 36, description: `The ${nouns.one}'s id.`, examples: [EXAMPLE_ID] }),
      created_at: Type.String({
        format: 'date-time',
        maxLength: 35,
        description: 'When it was created.',
        examples: [EXAMPLE_TIME],
      }),
      updated_at: Type.String({
        format: 'date-time',
        maxLength: 35,
        description: 'When it last changed.',
        examples: [EXAMPLE_TIME],
      }),
      owner: Type.Optional(
        Type.Union([Type.String({ maxLength: 255, pattern: '^[^\\u0000-\\u001F\\u007F]*$' }), Type.Null()], {
          description: `Who the ${nouns.one} belongs to (the subject of the token that created it; null for a record stored before owners existed). Shown only to a caller with the admin scope.`,
          examples: ['auth0|alice'],
        }),
      ),
      ...stored,
    },
    {
      additionalProperties: false,
      description: `${nouns.AOne}.`,
      examples: [record],
      // One named type for clients: components.schemas.<One> (Pet), referred to by every operation.
      ...namedSchema(nouns.One),
    },
  );
  // POST: required fields must be given; optional ones may be omitted or null; defaults fill the rest.
  const Create = Type.Object(
    map(fields, (field) => {
      if (field.optional) return Type.Optional(nullable(field));
      if (field.default !== undefined) return Type.Optional({ ...field.schema, default: field.default });
      return field.schema;
    }),
    { additionalProperties: false, description: `A new ${nouns.one}.`, examples: [values] },
  );
  const [first = ''] = Object.keys(fields);
  // PATCH: any of the fields, at least one; null clears an optional field.
  const Patch = Type.Partial(Type.Object(stored), {
    additionalProperties: false,
    minProperties: 1,
    description: 'The fields to change.',
    examples: [{ [first]: values[first] }],
  });
  const filters = Object.fromEntries(Object.entries(fields).filter(([, field]) => field.filter));
  // Closed: only the declared filters exist, so an unknown parameter (or `revision`) is a 400 naming it.
  const ListQuery = Type.Object(
    {
      ...pageParameters(DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE),
      ...Type.Partial(Type.Object(map(filters, (field) => field.schema))).properties,
    },
    { additionalProperties: false },
  );
  const Page = Type.Object(
    {
      items: Type.Array(Record, { maxItems: MAX_PAGE_SIZE, description: 'The records of this page, oldest first.' }),
      next_cursor: Type.Union([Type.String({ maxLength: MAX_CURSOR_LENGTH, pattern: CURSOR_PATTERN }), Type.Null()], {
        description: 'Pass it as cursor to read the next page; null on the last page.',
      }),
    },
    {
      additionalProperties: false,
      description: `A page of ${nouns.many}.`,
      examples: [{ items: [record], next_cursor: null }],
    },
  );
  return { Record, Create, Patch, ListQuery, Page, examples: { record, create: values } };
}
