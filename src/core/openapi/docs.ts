/**
 * The interactive API reference at `/docs`: Swagger UI from the `swagger-ui-dist` package's own files (no
 * CDN, so it works on closed networks), reading the versioned OpenAPI documents with a version picker.
 * No other document is served here: each version's is at `<version prefix>/openapi.json` (openapi.ts).
 *
 * Its assets are about 2 MB (the bundle alone 1.7 MB), so they are compressed when the browser accepts it
 * (@fastify/compress, brotli or gzip) and cached for a year: the page names them with the package's version
 * (`?v=5.x.y`) and the initializer with a hash of its content, so a new release is a new URL. The page
 * itself is revalidated on every visit (`no-cache`).
 *
 * Being an HTML page with scripts, it gets helmet's headers (@fastify/helmet: speed does not matter here)
 * instead of the API's, with two changes to helmet's default Content-Security-Policy, both checked in a
 * real browser by test/e2e/docs-browser.test.ts: no `upgrade-insecure-requests`, since this process speaks
 * plain HTTP (TLS ends at the ingress) and on a plain-HTTP address it would send the page's own requests to
 * https; and no HSTS, which the ingress sets. The page has no inline script, so scripts stay `'self'`.
 *
 * Helmet, compression and static files are what only this page needs, and loading them took about a tenth of
 * the service's start-up (and a few MB): they make a small app of their own (docs-app.ts), loaded and built
 * on the first visit. The service routes the page's paths itself, so everything before the handler (request
 * id, guards, rate limits, access log, metrics) and every refusal (an unknown file is a 404 problem) are the
 * service's as on any route; the handler then passes the request to that app.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import nodeModule from 'node:module';
import { dirname } from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Settings } from '../../config.js';
import { openApiPath } from './plugin.js';
import { API_SECURITY_HEADERS } from '../protection/security-headers.js';

export interface DocsOptions {
  settings: Settings;
  versions: readonly number[];
}

export const DOCS_PATH = '/docs';
const STATIC_PREFIX = `${DOCS_PATH}/static/`;
const INITIALIZER = 'swagger-initializer.js';
/** The files of swagger-ui-dist the page uses; its other files (sources, maps, its demo page) are not served. */
const ASSETS = new Set([
  '/swagger-ui.css',
  '/index.css',
  '/swagger-ui-bundle.js',
  '/swagger-ui-standalone-preset.js',
  '/favicon-32x32.png',
  '/favicon-16x16.png',
]);
export const ASSET_MAX_AGE_S = 365 * 24 * 60 * 60;

// Resolved at run time from wherever the service runs (src/ or the bundle in dist/), never bundled. (The
// bundle's banner declares its own `createRequire`, hence the namespace import.)
const distPackage = nodeModule.createRequire(import.meta.url).resolve('swagger-ui-dist/package.json');
const DIST_ROOT = dirname(distPackage);
const DIST_VERSION = (JSON.parse(readFileSync(distPackage, 'utf8')) as { version: string }).version;

const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);

function initializer(settings: Settings, versions: readonly number[]): string {
  const urls = versions.map((version) => ({ url: openApiPath(settings, version), name: `v${version}` }));
  // JSON is a JavaScript literal; `<` is escaped all the same, so no text can close a script.
  // persistAuthorization: a token pasted into Authorize survives a reload (kept in the browser's localStorage).
  const config = JSON.stringify({ urls, deepLinking: true, validatorUrl: null, persistAuthorization: true }).replace(
    /</g,
    '\\u003c',
  );
  return `window.onload = function () {
  window.ui = SwaggerUIBundle(Object.assign(${config}, {
    dom_id: '#swagger-ui',
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
    plugins: [SwaggerUIBundle.plugins.DownloadUrl],
    layout: 'StandaloneLayout'
  }));
};
`;
}

function page(settings: Settings, initializerVersion: string): string {
  const asset = (name: string) => `${STATIC_PREFIX}${name}?v=${DIST_VERSION}`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escapeHtml(settings.PROJECT_NAME)}: API reference</title>
<link rel="stylesheet" href="${asset('swagger-ui.css')}">
<link rel="stylesheet" href="${asset('index.css')}">
<link rel="icon" type="image/png" href="${asset('favicon-32x32.png')}" sizes="32x32">
<link rel="icon" type="image/png" href="${asset('favicon-16x16.png')}" sizes="16x16">
</head>
<body>
<div id="swagger-ui"></div>
<script src="${asset('swagger-ui-bundle.js')}"></script>
<script src="${asset('swagger-ui-standalone-preset.js')}"></script>
<script src="${STATIC_PREFIX}${INITIALIZER}?v=${initializerVersion}"></script>
</body>
</html>
`;
}

export const docs = fp<DocsOptions>(
  async (app: FastifyInstance, { settings, versions }) => {
    const script = initializer(settings, versions);
    const html = page(settings, createHash('sha256').update(script).digest('hex').slice(0, 16));
    let docsApp: Promise<FastifyInstance> | undefined;
    const files = {
      html,
      script,
      initializer: INITIALIZER,
      staticPrefix: STATIC_PREFIX,
      root: DIST_ROOT,
      assets: ASSETS,
      assetMaxAgeS: ASSET_MAX_AGE_S,
    };

    async function serveDocs(request: FastifyRequest, reply: FastifyReply): Promise<void> {
      // A failed first build is not kept: the next visit tries again rather than answering 500 for good.
      docsApp ??= import('./docs-app.js')
        .then(({ createDocsApp }) => createDocsApp(files))
        .catch((error: unknown) => {
          docsApp = undefined;
          throw error;
        });
      const served = await docsApp;
      // What the service set so far (the request id) goes out with the page's own headers.
      for (const [name, value] of Object.entries(reply.getHeaders())) {
        if (value !== undefined) reply.raw.setHeader(name, value);
      }
      reply.hijack();
      served.routing(request.raw, reply.raw);
    }

    await app.register(async (scope) => {
      // The API's headers are not the page's: helmet's are (docs-app.ts).
      scope.addHook('onRequest', function setDocsPageHeaders(_request, reply, done) {
        for (const name of Object.keys(API_SECURITY_HEADERS)) reply.removeHeader(name);
        done();
      });
      // `/docs/` too, as Swagger UI's own plugin answered it (the page's links are absolute, so both work).
      for (const path of [DOCS_PATH, `${DOCS_PATH}/`]) scope.get(path, { schema: { hide: true } }, serveDocs);
      scope.get(`${STATIC_PREFIX}*`, { schema: { hide: true } }, async (request, reply) => {
        const name = (request.params as { '*': string })['*'];
        if (name !== INITIALIZER && !ASSETS.has(`/${name}`)) {
          reply.callNotFound();
          return reply;
        }
        return serveDocs(request, reply);
      });
    });
  },
  { name: 'docs' },
);
