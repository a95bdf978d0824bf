/**
 * The part of kustomize the deploy tests need to see what a pod gets, since CI has no kustomize of its own:
 * the manifests kustomization.yaml lists, and the ConfigMaps its configMapGenerator makes from env files
 * (named without the content hash kustomize appends to them and to every reference). Anything else in
 * kustomization.yaml, or in a pod's env, that this does not render is refused with an error, so it cannot
 * be skipped unnoticed; test/deploy/kustomize.test.ts compares the result with `kubectl kustomize` where
 * that is installed.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { KUSTOMIZATION, MANIFEST_DIR, type Manifest } from './kubernetes.js';

export type Data = Record<string, string>;

export interface Rendered {
  readonly manifests: Manifest[];
  /** The generated ConfigMaps' data, by the name references use in the manifests. */
  readonly configMaps: Readonly<Record<string, Data>>;
}

interface Kustomization {
  resources?: string[];
  images?: unknown;
  configMapGenerator?: { name: string; envs?: string[]; literals?: string[]; options?: unknown }[];
}

/** Fields rendered here, or (images, generator options) that change nothing a pod's environment holds. */
const UNDERSTOOD = new Set(['apiVersion', 'kind', 'resources', 'images', 'configMapGenerator']);
const GENERATOR_FIELDS = new Set(['name', 'envs', 'literals', 'options']);

export function renderKustomization(dir = MANIFEST_DIR): Rendered {
  const kustomization = parse(readFileSync(join(dir, KUSTOMIZATION), 'utf8')) as Kustomization;
  const unknown = Object.keys(kustomization).filter((key) => !UNDERSTOOD.has(key));
  if (unknown.length > 0) throw new Error(`${KUSTOMIZATION}: ${unknown.join(', ')} not rendered by this helper`);
  const manifests = (kustomization.resources ?? []).flatMap((file) =>
    parseAllDocuments(readFileSync(join(dir, file), 'utf8')).map((doc) => doc.toJS() as Manifest),
  );
  const configMaps: Record<string, Data> = {};
  for (const generator of kustomization.configMapGenerator ?? []) {
    const extra = Object.keys(generator).filter((key) => !GENERATOR_FIELDS.has(key));
    if (extra.length > 0) throw new Error(`configMapGenerator ${generator.name}: ${extra.join(', ')} not rendered`);
    const lines = [
      ...(generator.envs ?? []).flatMap((file) => readFileSync(join(dir, file), 'utf8').split('\n')),
      ...(generator.literals ?? []),
    ];
    configMaps[generator.name] = parseEnvLines(lines, generator.name);
  }
  return { manifests, configMaps };
}

/**
 * kustomize's env file: KEY=value a line, the value kept exactly (quotes and all), blank lines and lines
 * starting with # skipped. A line without `=` takes its value from kustomize's own environment there,
 * which no committed file should depend on: refused here.
 */
export function parseEnvLines(lines: readonly string[], source: string): Data {
  const data: Data = {};
  for (const line of lines.map((text) => text.trimStart())) {
    if (line === '' || line.startsWith('#')) continue;
    const match = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
    if (!match) throw new Error(`${source}: "${line}" is not KEY=value`);
    const [, key = '', value = ''] = match;
    if (key in data) throw new Error(`${source}: ${key} is set twice`);
    data[key] = value;
  }
  return data;
}
