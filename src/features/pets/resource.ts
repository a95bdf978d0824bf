/**
 * The pets resource, declared once: its fields (each with its type, bounds, description and example) and
 * its rules. The engine (src/core/resource/) derives from it the schemas, the table's type, the SQL and the
 * routes of every version; migrations/ holds the table it is stored in.
 */
import { defineResource } from '../../core/resource/declaration.js';
import type { TableOf } from '../../core/resource/declaration.js';
import { field } from '../../core/resource/fields.js';

export const pets = defineResource({
  table: 'pets',
  singular: 'pet',
  fields: {
    // minLength 0, not the default 1: pets v1 was released accepting an empty name, and refusing it now
    // would break its clients (docs/openapi.md).
    name: field.string({ minLength: 0, maxLength: 80, description: "The pet's name.", example: 'Rex' }),
    species: field.enum(['dog', 'cat', 'rabbit', 'bird', 'reptile', 'other'], {
      description: 'What kind of animal the pet is.',
      example: 'dog',
    }),
    birth_date: field.date({
      optional: true,
      description: 'When the pet was born (YYYY-MM-DD).',
      example: '2020-05-17',
    }),
    notes: field.text({
      optional: true,
      description: 'Anything worth knowing about the pet.',
      example: 'Allergic to chicken.',
    }),
  },
});

declare module '../../core/database/types.js' {
  interface Tables {
    pets: TableOf<typeof pets.fields>;
  }
}
