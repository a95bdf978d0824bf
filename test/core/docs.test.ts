/**
 * The /docs page's delivery: compressed assets when the browser accepts it, cacheable for a year under
 * versioned URLs, the page itself revalidated, and no document served here but the versioned ones.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { ASSET_MAX_AGE_S } from '../../src/core/openapi/docs.js';
import type { FeatureModule } from '../../src/core/features/feature.js';
import { feature as smokeTest } from '../../src/features/smoke_test/v1/index.js';
import { testSettings } from '../helpers/settings.js';

const distPackage = createRequire(import.meta.url).resolve('swagger-ui-dist/package.json');
const DIST_VERSION = (JSON.parse(readFileSync(distPackage, 'utf8')) as { version: string }).version;
const BUNDLE = readFileSync(join(dirname(distPackage), 'swagger-ui-bundle.js'));
const IMMUTABLE = `public, max-age=${ASSET_MAX_AGE_S}, immutable`;

const echoV2: FeatureModule = {
  name: 'echo',
  version: 2,
  router: async (app) => {
    app.get('/', { schema: { tags: ['Echo'] } }, async () => ({ ok: true }));
  },
};

let app: FastifyInstance;
let page: string;
beforeAll(async () => {
  app = createApp(testSettings({ PROJECT_NAME: 'Pets <&> "Co"' }), { features: [smokeTest, echoV2] });
  page = (await app.inject('/docs')).body;
});
afterAll(() => app.close());

/** The URLs of the page's scripts and styles, as the browser would request them. */
const assetUrls = () => [...page.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => match[1] ?? '');

describe('/docs', () => {
  it('is revalidated on every visit, and escapes the project name it shows', async () => {
    const response = await app.inject('/docs');
    expect(response.headers['cache-control']).toBe('no-cache');
    expect(page).toContain('<title>Pets &#60;&#38;&#62; &#34;Co&#34;: API reference</title>');
    expect((await app.inject('/docs/')).body).toBe(page);
  });

  it("carries the service's request id, as every route does, and answers HEAD like GET without content", async () => {
    for (const url of ['/docs', `/docs/static/swagger-ui.css?v=${DIST_VERSION}`]) {
      const response = await app.inject({ url, headers: { 'x-request-id': 'docs-visit-1' } });
      expect(response.statusCode, url).toBe(200);
      expect(response.headers['x-request-id'], url).toBe('docs-visit-1');
      const head = await app.inject({ method: 'HEAD', url });
      expect(head.statusCode, url).toBe(200);
      expect(head.headers['content-type'], url).toBe(response.headers['content-type']);
      expect(head.body, url).toBe('');
    }
  });

  it("names every asset with a version, so a year's caching cannot serve a stale one", async () => {
    const urls = assetUrls();
    expect(urls.length).toBeGreaterThanOrEqual(6);
    for (const url of urls) {
      expect(url).toMatch(/^\/docs\/static\/[\w.-]+\?v=[\w.-]+$/);
      const response = await app.inject(url);
      expect(response.statusCode, url).toBe(200);
      expect(response.headers['cache-control'], url).toBe(IMMUTABLE);
    }
    expect(urls).toContain(`/docs/static/swagger-ui-bundle.js?v=${DIST_VERSION}`);
  });

  it('sends the bundle compressed with brotli or gzip, whichever the browser accepts, and whole otherwise', async () => {
    const url = `/docs/static/swagger-ui-bundle.js?v=${DIST_VERSION}`;
    const br = await app.inject({ url, headers: { 'accept-encoding': 'gzip, deflate, br' } });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.rawPayload.length).toBeLessThan(BUNDLE.length / 3);
    expect(brotliDecompressSync(br.rawPayload).equals(BUNDLE)).toBe(true);

    const gzip = await app.inject({ url, headers: { 'accept-encoding': 'gzip' } });
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gzip.rawPayload).equals(BUNDLE)).toBe(true);
    expect(gzip.headers.vary).toContain('accept-encoding');

    const plain = await app.inject({ url, headers: { 'accept-encoding': 'identity' } });
    expect(plain.headers).not.toHaveProperty('content-encoding');
    expect(plain.rawPayload.equals(BUNDLE)).toBe(true);
  });

  it("points Swagger UI at each version's document, under a URL that changes with its content", async () => {
    const initializer = assetUrls().find((url) => url.includes('swagger-initializer.js')) ?? '';
    const script = (await app.inject(initializer)).body;
    expect(script).toContain('{"url":"/v1/openapi.json","name":"v1"},{"url":"/v2/openapi.json","name":"v2"}');
    const other = createApp(testSettings(), { features: [smokeTest] });
    try {
      const otherPage = (await other.inject('/docs')).body;
      expect(otherPage).not.toContain(initializer);
    } finally {
      await other.close();
    }
  });

  it.each(['/docs/json', '/docs/yaml', '/docs/static/package.json', '/docs/static/index.html', '/docs/static/x.map'])(
    'serves no undocumented document or other package file: %s answers 404',
    async (url) => {
      const response = await app.inject(url);
      expect(response.statusCode).toBe(404);
      expect(response.headers['content-type']).toBe('application/problem+json');
    },
  );
});
