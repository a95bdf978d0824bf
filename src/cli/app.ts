/** Loads the project's own app (from `root`) with default settings and silent logs, for `check` and `list`. */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { FastifyInstance } from 'fastify';
import type { createApp as CreateApp } from '../app.js';
import type { loadSettings as LoadSettings } from '../config.js';

export async function loadProjectApp(root: string): Promise<FastifyInstance> {
  const load = async <T>(path: string): Promise<T> => (await import(pathToFileURL(join(root, path)).href)) as T;
  const { createApp } = await load<{ createApp: typeof CreateApp }>('src/app.ts');
  const { loadSettings } = await load<{ loadSettings: typeof LoadSettings }>('src/config.ts');
  const app = createApp(loadSettings({ LOG_LEVEL: 'silent' }));
  await app.ready();
  return app;
}

/** The operations one API version's OpenAPI document lists under a feature's path. */
export async function featureOperations(app: FastifyInstance, name: string, version: number): Promise<string[]> {
  const response = await app.inject(`/v${version}/openapi.json`);
  if (response.statusCode !== 200) return [];
  const paths = response.json<{ paths?: Record<string, Record<string, unknown>> }>().paths ?? {};
  const base = `/v${version}/${name}`;
  return Object.entries(paths)
    .filter(([path]) => path === base || path.startsWith(`${base}/`))
    .flatMap(([path, item]) => Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`));
}
