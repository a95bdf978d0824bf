/** Routes of the smoke test feature (v1): a basic health and functionality check of the API. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { featureRouter } from '../../../core/feature.js';
import { SmokeTestResponse } from './models.js';
import { performSmokeTest } from './service.js';

const routes: FastifyPluginAsyncTypebox = async (app) => {
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

/** Answers `GET /smoke_test/` under the prefix it is mounted at (`/v1` in the app). */
export const router = featureRouter('smoke_test', routes);
