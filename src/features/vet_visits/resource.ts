/**
 * The vet_visits resource, declared once: its fields (each with its type, bounds, description and
 * example) and its rules. The engine (src/core/resource/) derives from it the schemas, the table's type, the
 * SQL and the routes of every version; migrations/ holds the table it is stored in. Each record belongs to the
 * caller who created it unless the resource is `shared` (docs/security.md). Add a field with
 * `npx petsage feature field add vet_visits <field>`, and business rules under `rules` (docs/builder.md).
 */
import { defineResource, type TableOf } from '../../core/resource/declaration.js';
import { field } from '../../core/resource/fields.js';

export const vetVisits = defineResource({
  table: 'vet_visits',
  singular: 'vet_visit',
  fields: {
    pet_id: field.ref('pets', {
      description: "The pet that was seen: one of the caller's pets. A pet with visits cannot be deleted.",
      example: '7d3f1e5c-9a10-4c6e-8f1d-0b5a4c3e2b1a',
    }),
    visited_at: field.dateTime({
      description: 'When the visit took place (RFC 3339).',
      example: '2026-01-31T09:30:00.000Z',
    }),
    reason: field.string({ maxLength: 200, description: 'Why the pet went.', example: 'Yearly vaccination.' }),
    vet: field.string({
      maxLength: 120,
      description: 'The vet or clinic seen.',
      example: 'Dr. Moreau, Riverside Clinic',
    }),
    notes: field.text({
      optional: true,
      description: 'What the vet found or advised.',
      example: 'Healthy; next booster in a year.',
    }),
  },
});

declare module '../../core/database/types.js' {
  interface Tables {
    vet_visits: TableOf<typeof vetVisits.fields>;
  }
}
