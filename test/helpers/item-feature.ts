import Type from 'typebox';
import type { FeatureModule } from '../../src/core/features/feature.js';
import { sendProblem } from '../../src/core/errors/problem.js';

const Thing = Type.Object({ id: Type.String({ maxLength: 8, pattern: '^[a-z]+$' }) }, { additionalProperties: false });

/**
 * A feature shaped like a resource, as the builder or a person could write one: `GET /things/{id}` (the id
 * `known` answers 200, any other a 404 problem) and `POST /things/` with a JSON body.
 */
export const thingsFeature: FeatureModule = {
  name: 'things',
  version: 1,
  router: async (app) => {
    app.get(
      '/:id',
      { schema: { tags: ['Things'], summary: 'Read a thing', params: Thing, response: { 200: Thing } } },
      async (request, reply) =>
        request.params.id === 'known' ? { id: 'known' } : sendProblem(reply, 404, `No thing ${request.params.id}.`),
    );
    app.post(
      '/',
      { schema: { tags: ['Things'], summary: 'Make a thing', body: Thing, response: { 201: Thing } } },
      async (request, reply) => reply.code(201).send(request.body),
    );
  },
};
