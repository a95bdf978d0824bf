/**
 * CORS by allow-list (CORS_ORIGINS): only the listed browser origins may call the API cross-origin.
 * With the default empty list the plugin is not even registered, so no CORS header is ever sent and
 * browsers refuse cross-origin calls, at no cost per request.
 */
import cors from '@fastify/cors';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { corsOrigins, type Settings } from '../../config.js';

export const corsAllowList = fp<{ settings: Settings }>(
  async (app: FastifyInstance, { settings }) => {
    const origins = corsOrigins(settings);
    if (origins.length === 0) return;
    // strictPreflight off: an OPTIONS request without CORS headers gets a plain 204 rather than the plugin's
    // text/plain 400, which would break the API's one error format (the fuzz test found it).
    await app.register(cors, {
      origin: origins,
      methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
      strictPreflight: false,
      // A browser client may read these: a deprecated version announces itself through them (deprecation.ts).
      exposedHeaders: ['Deprecation', 'Sunset', 'Link'],
    });
  },
  { name: 'cors' },
);
