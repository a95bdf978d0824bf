/**
 * Schemas of the Pets feature (v1), the contract with clients: each is at once the
 * TypeScript type, the validator or serializer, and the OpenAPI schema. The domain (../service.ts) is
 * shared by all versions.
 */
import Type from 'typebox';
import { CURSOR_PATTERN, MAX_CURSOR_LENGTH, pageParameters } from '../../../core/resource/openapi.js';

export const petExample = {
  id: '0b5a4c3e-8f1d-4c6e-9a2b-7d3f1e5c9a10',
  created_at: '2026-01-31T12:00:00.000Z',
  updated_at: '2026-01-31T12:00:00.000Z',
  name: 'Rex',
  species: 'dog',
  birth_date: '2020-05-17',
  notes: 'Allergic to chicken.',
} as const;

/** The values each field accepts: in records, bodies and list filters alike. */
export const petFields = {
  name: Type.String({
    maxLength: 80,
    pattern: '^[^\\u0000-\\u001F\\u007F]*$',
    description: "The pet's name.",
    examples: ['Rex'],
  }),
  species: Type.Enum(['dog', 'cat', 'rabbit', 'bird', 'reptile', 'other'], {
    description: 'What kind of animal the pet is.',
    examples: ['dog'],
  }),
  birth_date: Type.String({
    format: 'date',
    maxLength: 10,
    description: 'When the pet was born (YYYY-MM-DD).',
    examples: ['2020-05-17'],
  }),
  notes: Type.String({
    maxLength: 10000,
    pattern: '^[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F]*$',
    description: 'Anything worth knowing about the pet.',
    examples: ['Allergic to chicken.'],
  }),
};

/** The fields as stored: an optional field is null when not given. */
const petProperties = {
  name: petFields.name,
  species: petFields.species,
  birth_date: Type.Union([petFields.birth_date, Type.Null()]),
  notes: Type.Union([petFields.notes, Type.Null()]),
};

export const Pet = Type.Object(
  {
    id: Type.String({
      format: 'uuid',
      maxLength: 36,
      description: "The pet's id.",
      examples: [petExample.id],
    }),
    created_at: Type.String({
      format: 'date-time',
      maxLength: 35,
      description: 'When it was created.',
      examples: [petExample.created_at],
    }),
    updated_at: Type.String({
      format: 'date-time',
      maxLength: 35,
      description: 'When it last changed.',
      examples: [petExample.updated_at],
    }),
    ...petProperties,
  },
  { additionalProperties: false, description: 'A pet.', examples: [petExample] },
);
export type Pet = Type.Static<typeof Pet>;

/** The body of POST: required fields must be given; optional ones may be omitted or null; defaults fill the rest. */
export const PetCreate = Type.Object(
  {
    name: petFields.name,
    species: petFields.species,
    birth_date: Type.Optional(Type.Union([petFields.birth_date, Type.Null()])),
    notes: Type.Optional(Type.Union([petFields.notes, Type.Null()])),
  },
  {
    additionalProperties: false,
    description: 'A new pet.',
    examples: [{ name: 'Rex', species: 'dog', birth_date: '2020-05-17', notes: 'Allergic to chicken.' }],
  },
);
export type PetCreate = Type.Static<typeof PetCreate>;

/** The body of PATCH: any of the fields, at least one; null clears an optional field. */
export const PetPatch = Type.Partial(Type.Object(petProperties), {
  additionalProperties: false,
  minProperties: 1,
  description: 'The fields to change.',
  examples: [{ name: 'Other Rex' }],
});
export type PetPatch = Type.Static<typeof PetPatch>;

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

/** The query of GET /: a page, and equality filters on the fields. */
export const PetListQuery = Type.Object({
  ...pageParameters(DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE),
  ...Type.Partial(
    Type.Object({
      name: petFields.name,
      species: petFields.species,
      birth_date: petFields.birth_date,
    }),
  ).properties,
});
export type PetListQuery = Type.Static<typeof PetListQuery>;

export const PetPage = Type.Object(
  {
    items: Type.Array(Pet, { maxItems: MAX_PAGE_SIZE, description: 'The records of this page, oldest first.' }),
    next_cursor: Type.Union([Type.String({ maxLength: MAX_CURSOR_LENGTH, pattern: CURSOR_PATTERN }), Type.Null()], {
      description: 'Pass it as cursor to read the next page; null on the last page.',
    }),
  },
  {
    additionalProperties: false,
    description: 'A page of pets.',
    examples: [{ items: [petExample], next_cursor: null }],
  },
);
export type PetPage = Type.Static<typeof PetPage>;
