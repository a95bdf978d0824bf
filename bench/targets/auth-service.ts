/**
 * The service with one more feature for the authentication benchmark: `bench_auth`, whose route answers
 * exactly what the smoke test answers but declares `security: [{ bearerAuth: ['bench:read'] }]`. One
 * process serves both, so `GET /v1/smoke_test/` (public) and `GET /v1/bench_auth/` (a bearer token
 * verified per request) differ by the authentication alone. Settings come from the environment.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { createApp } from '../../src/app.js';
import { loadSettings } from '../../src/config.js';
import { features } from '../../src/features/registry.js';
import { SmokeTestResponse } from '../../src/features/smoke_test/v1/models.js';
import { performSmokeTest } from '../../src/features/smoke_test/v1/service.js';
import { AUTH_BENCH_SCOPE } from '../lib/auth.js';

const routes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/',
    { schema: { security: [{ bearerAuth: [AUTH_BENCH_SCOPE] }], response: { 200: SmokeTestResponse } } },
    async () => performSmokeTest(),
  );
};

const settings = loadSettings();
const app = createApp(settings, {
  features: [...features, { name: 'bench_auth', version: 1, router: routes }],
});
await app.listen({ host: settings.HOST, port: settings.PORT });
const close = () => {
  void app.close().then(() => process.exit(0));
};
process.once('SIGTERM', close);
process.once('SIGINT', close);
