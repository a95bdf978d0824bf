/**
 * Baseline "what a team gets without this work": Fastify with its default request logging (two lines
 * per request at info, to stdout) and @fastify/helmet, the same route with a response schema.
 */
import helmet from '@fastify/helmet';
import Fastify from 'fastify';
import { portFromEnv, SMOKE_BODY, SMOKE_PATH } from './body.js';

const answer = JSON.parse(SMOKE_BODY) as unknown;
const app = Fastify({ logger: { level: 'info' } });
await app.register(helmet);
app.get(
  SMOKE_PATH,
  {
    schema: {
      response: {
        200: {
          type: 'object',
          properties: { status: { type: 'string' }, feature: { type: 'string' }, message: { type: 'string' } },
          required: ['status', 'feature', 'message'],
          additionalProperties: false,
        },
      },
    },
  },
  async () => answer,
);
await app.listen({ host: '127.0.0.1', port: portFromEnv() });
