/**
 * A reference declared `onDelete: 'cascade'` (issue 17 item 2): deleting the record it names deletes the
 * records that refer to it, rather than the 409 a plain reference answers (test/features/vet_visits). On the
 * gadgets fixture and a part of it (its table sorts after gadgets: migrations run in feature-name order), served by the real app on a real database.
 */
import { describe, expect, it } from 'vitest';
import type { FeatureModule } from '../../../src/core/features/feature.js';
import { defineResource } from '../../../src/core/resource/declaration.js';
import { field } from '../../../src/core/resource/fields.js';
import { resourceRouter } from '../../../src/core/resource/routes.js';
import { GADGET_SCOPES, GADGETS_FEATURES_ROOT, gadgetsFeature } from '../../helpers/gadgets-resource.js';
import { useResourceApp } from '../../helpers/resource-app.js';

const parts = defineResource({
  table: 'gadgets_parts',
  singular: 'gadget_part',
  fields: {
    gadget_id: field.ref('gadgets', {
      onDelete: 'cascade',
      description: 'The gadget it is part of.',
      example: '0b5a4c3e-8f1d-4c6e-9a2b-7d3f1e5c9a10',
    }),
    name: field.string({ maxLength: 40, description: 'What it is called.', example: 'Handle' }),
  },
});
const SCOPES = { read: 'gadgets_parts:read', write: 'gadgets_parts:write' };
const partsFeature: FeatureModule = {
  name: 'gadgets_parts',
  version: 1,
  usesDatabase: true,
  router: resourceRouter(parts, { tag: 'Parts', scopes: SCOPES }),
};
const gadgets = gadgetsFeature();
const served = useResourceApp(gadgets, GADGET_SCOPES, GADGETS_FEATURES_ROOT, [partsFeature]);

describe('a cascading reference', () => {
  it('goes with the record it names', async () => {
    const app = await served.callerWith(`${SCOPES.read} ${SCOPES.write}`);
    const { record: gadget } = await served.create({ label: 'Whisk', kind: 'tool' });
    const part = await app.inject({
      method: 'POST',
      url: '/v1/gadgets_parts/',
      payload: { gadget_id: gadget.id, name: 'Handle' },
    });
    expect(part.statusCode, part.body).toBe(201);

    const deleted = await served.remove(gadget.id, '*');
    expect(deleted.statusCode, deleted.body).toBe(204);
    const gone = await app.inject({ method: 'GET', url: `/v1/gadgets_parts/${part.json<{ id: string }>().id}` });
    expect(gone.statusCode).toBe(404);
  });
});
