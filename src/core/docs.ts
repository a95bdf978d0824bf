/**
 * The interactive API reference at `/docs`: Swagger UI, served from the package's own files (no CDN,
 * so it works on closed networks), reading the versioned OpenAPI documents with a version picker.
 */
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Settings } from '../config.js';
import { openApiPath } from './openapi.js';

export interface DocsOptions {
  settings: Settings;
  versions: readonly number[];
}

export const DOCS_PATH = '/docs';

export const docs = fp<DocsOptions>(
  async (app: FastifyInstance, { settings, versions }) => {
    await app.register(swaggerUi, {
      routePrefix: DOCS_PATH,
      uiConfig: {
        urls: versions.map((version) => ({ url: openApiPath(settings, version), name: `v${version}` })),
        deepLinking: true,
      },
    });
  },
  { name: 'docs' },
);
