/** Loads the project's own app (from `root`) with default settings and silent logs, for `check` and `list`. */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { FastifyInstance } from 'fastify';
import type { createApp as CreateApp } from '../../src/app.js';
import type { loadSettings as LoadSettings } from '../../src/config.js';

export async function loadProjectApp(root: string): Promise<FastifyInstance> {
  const load = async <T>(path: string): Promise<T> => (await import(pathToFileURL(join(root, path)).href)) as T;
  const { createApp } = await load<{ createApp: typeof CreateApp }>('src/app.ts');
  const { loadSettings } = await load<{ loadSettings: typeof LoadSettings }>('src/config.ts');
  // Production mode and a placeholder DATABASE_URL: the app of a feature that uses the database builds
  // its routes and documents without a server. The pool connects on the first query, which check and
  // list never send, and production does not migrate at start-up (nor start the embedded server). No load
  // shedding: on a busy machine it would answer the documents with 503s.
  // No token is verified either (AUTH_REQUIRED=false): production would otherwise want an issuer, and the
  // documents still declare each operation's security.
  const app = createApp(
    loadSettings({
      LOG_LEVEL: 'silent',
      NODE_ENV: 'production',
      DATABASE_URL: 'postgres://documents-only.invalid/none',
      // Production demands a cursor key; the documents sign no cursor.
      CURSOR_SECRET: 'documents only: no cursor is ever signed here',
      AUTH_REQUIRED: 'false',
      MAX_EVENT_LOOP_DELAY_MS: '0',
    }),
  );
  await app.ready();
  return app;
}

/** The parts of an OpenAPI document the builder reads: operations by path and method, and their examples. */
export interface OpenApiDocument {
  paths?: Record<
    string,
    Record<string, { responses?: Record<string, { content?: Record<string, { example?: unknown }> }> }>
  >;
}

/**
 * Each API version's OpenAPI document as the app serves it (empty if it serves none), fetched once per
 * version: with hundreds of modules the documents are large, and `check` and `list` read one per module.
 */
export function openApiDocuments(app: FastifyInstance): (version: number) => Promise<OpenApiDocument> {
  const documents = new Map<number, Promise<OpenApiDocument>>();
  return (version) => {
    let document = documents.get(version);
    if (document === undefined) {
      document = app
        .inject(`/v${version}/openapi.json`)
        .then((response) => (response.statusCode === 200 ? response.json<OpenApiDocument>() : {}));
      documents.set(version, document);
    }
    return document;
  };
}

/** The operations a version's OpenAPI document lists under a feature's path, as "GET /v1/name/". */
export function featureOperations(document: OpenApiDocument, name: string, version: number): string[] {
  const base = `/v${version}/${name}`;
  return Object.entries(document.paths ?? {})
    .filter(([path]) => path === base || path.startsWith(`${base}/`))
    .flatMap(([path, item]) => Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`));
}
