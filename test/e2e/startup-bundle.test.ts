/**
 * What the production build loads before its first answer: not `yaml`, which @fastify/swagger requires only
 * to offer YAML documents (scripts/yaml-on-demand.ts), read from the running process, while the OpenAPI
 * documents, which @fastify/swagger makes, are still served; not pg or Kysely until a query needs them
 * (src/core/database/client.ts, kysely.ts); and not what only the /docs page needs
 * (helmet, compression, static files), which its own chunk holds (src/core/openapi/docs-app.ts), read from
 * the build's module graph; not undici, which an ES import of node:http would bring on Node 24; and not
 * https, http2 or tls, which bundled dependencies require but the service never uses
 * (scripts/node-builtins.ts).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { features } from '../../src/features/registry.js';
import { dynamicImports, packageSources, reached } from '../helpers/bundle-graph.js';
import { listeningUrl, startBuilt, waitForExit } from '../helpers/process.js';

const DOCS_ONLY = /node_modules\/(@fastify\/(helmet|compress|static)|helmet|mime-db|glob)\//;
const DOCS_CHUNK = /^docs-app-[A-Z0-9]+\.js$/;

const dir = mkdtempSync(join(tmpdir(), 'petsage-loaded-modules-'));
const loadedFile = join(dir, 'loaded.txt');

describe('the built service at start-up', () => {
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  /** The files a start of the build loaded with require() by its exit, after `visit` asked what it asks. */
  async function loadedAfter(visit: (url: string) => Promise<void>): Promise<string[]> {
    const child = startBuilt({
      HOST: '127.0.0.1',
      PORT: '0',
      SHUTDOWN_DELAY_MS: '0',
      NODE_OPTIONS: `--import ${resolve('test/helpers/loaded-modules.js')}`,
      LOADED_MODULES_FILE: loadedFile,
    });
    await visit(await listeningUrl(child));
    child.kill('SIGTERM');
    expect((await waitForExit(child)).code).toBe(0);
    return readFileSync(loadedFile, 'utf8').split('\n');
  }
  const loads = (loaded: string[], name: string) => loaded.some((path) => path.includes(`/node_modules/${name}/`));

  it('serves the OpenAPI documents without loading yaml, or pg and Kysely before a query needs them', async () => {
    const loaded = await loadedAfter(async (url) => {
      const response = await fetch(`${url}/v1/openapi.json`);
      expect(response.status).toBe(200);
      const document = (await response.json()) as { openapi: string; paths: Record<string, unknown> };
      expect(document.openapi).toBe('3.1.0');
      expect(Object.keys(document.paths)).toContain('/v1/smoke_test/');
    });
    expect(loaded.filter((path) => path.includes('/node_modules/yaml/'))).toEqual([]);
    expect(loads(loaded, 'pg')).toBe(false);
    expect(loads(loaded, 'kysely')).toBe(false);
  });

  it('loads pg and Kysely (outside the bundle, so listed as they load) with the first query: readiness asks the database', async () => {
    const loaded = await loadedAfter(async (url) => {
      expect((await fetch(`${url}/readyz`)).status).toBe(200);
    });
    // A tree with no feature on the database (`feature remove` can make one) has no query to ask.
    const usesDatabase = features.some((feature) => feature.usesDatabase);
    expect(loads(loaded, 'pg')).toBe(usesDatabase);
    expect(loads(loaded, 'kysely')).toBe(usesDatabase);
  });

  it('answers the smoke test without loading undici (which an ES import of node:http loads on Node 22 and later), https, http2 or tls', async () => {
    const loaded = await loadedAfter(async (url) => {
      expect((await fetch(`${url}/v1/smoke_test/`)).status).toBe(200);
    });
    // The bundle imports node:http by require() (scripts/node-builtins.ts); Node lists its own modules too.
    expect(loaded).toContain('NativeModule http');
    expect(loaded.filter((line) => line.includes('undici'))).toEqual([]);
    // Fastify and prom-client require these at load; the bundle loads them when first used, which it never is.
    expect(loaded.filter((line) => /^NativeModule (https|http2|tls)$/.test(line))).toEqual([]);
  });

  it("holds the /docs page's helmet, compression and static files in a chunk loaded only on its first visit", () => {
    const docsChunks = [...reached('server.js', () => true)]
      .flatMap(dynamicImports)
      .filter((file) => DOCS_CHUNK.test(file));
    expect(docsChunks).toHaveLength(1);
    const withoutDocs = [...reached('server.js', (file) => !DOCS_CHUNK.test(file))];
    expect(withoutDocs.flatMap(packageSources).filter((path) => DOCS_ONLY.test(path))).toEqual([]);
    const docs = [...reached(docsChunks[0] as string, () => true)];
    expect(docs.flatMap(packageSources).some((path) => DOCS_ONLY.test(path))).toBe(true);
  });
});
