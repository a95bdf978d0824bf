/** Routes of the smoke test feature: a basic health and functionality check of the API. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { SmokeTestResponse } from './models.js';
import { performSmokeTest } from './service.js';

/** Answers `GET /` under the prefix the app mounts it at (`/v1/smoke_test`, from its FeatureModule's name). */
export const router: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/',
    {
      schema: {
        tags: ['Health & Smoke Tests'],
        summary: 'Perform a System Smoke Test',
        security: [],
        description:
          'This endpoint serves as a basic health and functionality check. ' +
          'A successful 200 OK response indicates that the PetSage API ' +
          'server is running and the routing is configured correctly.',
        response: { 200: SmokeTestResponse },
      },
    },
    async () => performSmokeTest(),
  );
};
