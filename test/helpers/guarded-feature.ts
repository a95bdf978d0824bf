/** A feature with routes for each kind of security declaration, for tests of the guards (not in the registry). */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { FeatureModule } from '../../src/core/features/feature.js';

const Thing = Type.Object({ subject: Type.Union([Type.String(), Type.Null()]) });

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const who = (request: { principal: { subject: string } | null }) => ({ subject: request.principal?.subject ?? null });
  app.get('/', { schema: { security: [{ bearerAuth: ['things:read'] }], response: { 200: Thing } } }, async (r) =>
    who(r),
  );
  app.post('/', { schema: { security: [{ bearerAuth: ['things:write'] }], response: { 200: Thing } } }, async (r) =>
    who(r),
  );
  app.get('/either', { schema: { security: [{ bearerAuth: ['a'] }, { bearerAuth: ['b', 'c'] }] } }, async (r) =>
    who(r),
  );
  app.get('/public', { schema: { security: [], response: { 200: Thing } } }, async (r) => who(r));
};

export const guardedFeature: FeatureModule = { name: 'things', version: 1, router: routes };
