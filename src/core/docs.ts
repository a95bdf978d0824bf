/**
 * The interactive API reference at `/docs`: Swagger UI, served from the package's own files (no CDN,
 * so it works on closed networks), reading the versioned OpenAPI documents with a version picker.
 *
 * Being an HTML page with scripts, it gets the full helmet-style header set instead of the API's, and a
 * Content-Security-Policy from @fastify/swagger-ui's `staticCSP` (hashes of its inline script and style).
 * Two changes to that policy, both checked in a real browser by test/e2e/docs-browser.test.ts:
 * `upgrade-insecure-requests` is removed, since this process speaks plain HTTP (TLS ends at the ingress)
 * and on a plain-HTTP address the directive would send the page's own requests to https; and styles may
 * be inline (`'unsafe-inline'` in style-src, as helmet's default policy has it), since Swagger UI sets
 * style attributes from its script. Scripts stay restricted to the page's own files.
 */
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Settings } from '../config.js';
import { openApiPath } from './openapi.js';
import { DOCS_SECURITY_HEADERS } from './security-headers.js';

export interface DocsOptions {
  settings: Settings;
  versions: readonly number[];
}

export const DOCS_PATH = '/docs';

export function docsCsp(header: string): string {
  return header
    .replace(/\s*upgrade-insecure-requests;?/, '')
    .replace("style-src 'self' https:", "style-src 'self' https: 'unsafe-inline'");
}

export const docs = fp<DocsOptions>(
  async (app: FastifyInstance, { settings, versions }) => {
    await app.register(async (scope) => {
      scope.addHook('onRequest', (_request, reply, done) => {
        reply.headers(DOCS_SECURITY_HEADERS);
        done();
      });
      await scope.register(swaggerUi, {
        routePrefix: DOCS_PATH,
        staticCSP: true,
        transformStaticCSP: docsCsp,
        uiConfig: {
          urls: versions.map((version) => ({ url: openApiPath(settings, version), name: `v${version}` })),
          deepLinking: true,
          // A token pasted into Authorize survives a reload of the page (kept in the browser's localStorage).
          persistAuthorization: true,
        },
      });
    });
  },
  { name: 'docs' },
);
