/**
 * A resource for the engine's own tests (test/core/resource/): a field of every kind, each flag, a business
 * rule that refuses (a date in the future) and one that derives (a code in capitals), and a custom route
 * that counts records through the app's Kysely, on the declared table. Its table is
 * test/fixtures/features/gadgets/migrations/ (pass GADGETS_FEATURES_ROOT as createApp's featuresRoot).
 */
import { fileURLToPath } from 'node:url';
import Type from 'typebox';
import type { FeatureModule } from '../../src/core/features/feature.js';
import { defineResource, type TableOf } from '../../src/core/resource/declaration.js';
import { field } from '../../src/core/resource/fields.js';
import { resourceRouter, type ResourceContract } from '../../src/core/resource/routes.js';
import { invalidField } from '../../src/core/resource/rules.js';

export const GADGETS_FEATURES_ROOT = fileURLToPath(new URL('../fixtures/features/', import.meta.url));

const today = (): string => new Date().toISOString().slice(0, 10);

export const gadgets = defineResource({
  table: 'gadgets',
  singular: 'gadget',
  fields: {
    label: field.string({ maxLength: 40, description: 'What it is called.', example: 'Whisk' }),
    code: field.string({
      maxLength: 12,
      unique: true,
      optional: true,
      description: 'Its stock code.',
      example: 'WK-1',
    }),
    kind: field.enum(['tool', 'toy'], { description: 'What it is for.', example: 'tool' }),
    stock: field.integer({ minimum: 0, maximum: 1000, default: 0, description: 'How many are left.', example: 3 }),
    weight: field.number({ minimum: 0, optional: true, description: 'Its weight in kg.', example: 0.25 }),
    fragile: field.boolean({ default: false, description: 'Whether it breaks.', example: true }),
    made_on: field.date({ optional: true, description: 'When it was made.', example: '2024-03-01' }),
    checked_at: field.dateTime({
      optional: true,
      description: 'When it was last checked.',
      example: '2026-01-31T12:00:00.000Z',
    }),
    maker_id: field.uuid({
      optional: true,
      description: 'Who made it.',
      example: '7d3f1e5c-9a10-4c6e-8f1d-0b5a4c3e2b1a',
    }),
    notes: field.text({ maxLength: 200, optional: true, description: 'Anything else.', example: 'Handle with care.' }),
  },
  rules: {
    create(input) {
      if (input.made_on != null && input.made_on > today()) throw invalidField('made_on', 'is in the future');
      return { ...input, code: input.code?.toUpperCase() };
    },
    change(changes) {
      if (changes.made_on != null && changes.made_on > today()) throw invalidField('made_on', 'is in the future');
      return changes.code == null ? changes : { ...changes, code: changes.code.toUpperCase() };
    },
  },
});

declare module '../../src/core/database/types.js' {
  interface Tables {
    gadgets: TableOf<typeof gadgets.fields>;
  }
}

export const GADGET_SCOPES = { read: 'gadgets:read', write: 'gadgets:write' };

/** A version of the gadgets feature: every operation and field, and `GET /count`, unless `contract` says otherwise. */
export function gadgetsFeature(
  version = 1,
  contract: Partial<ResourceContract<typeof gadgets.fields>> = {},
): FeatureModule {
  const router = resourceRouter(gadgets, {
    tag: 'Gadgets',
    scopes: GADGET_SCOPES,
    routes: (app) => {
      app.get(
        '/count',
        {
          schema: {
            summary: 'Count gadgets',
            security: [{ bearerAuth: [GADGET_SCOPES.read] }],
            response: { 200: Type.Object({ count: Type.Integer() }) },
          },
        },
        async () => {
          const { count } = await app.db
            .selectFrom('gadgets')
            .select((eb) => eb.fn.countAll<string>().as('count'))
            .executeTakeFirstOrThrow();
          return { count: Number(count) };
        },
      );
    },
    ...contract,
  });
  return { name: 'gadgets', version, router, usesDatabase: true };
}
