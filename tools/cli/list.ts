/** `petsage feature list`: each feature version with its status and operations, as a table or as JSON. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Deprecation } from '../../src/core/features/deprecation.js';
import { featureOperations, loadProjectApp, openApiDocuments } from './app.js';
import { isReleased } from './contract/releases.js';
import { readDeprecation } from './feature-module.js';
import { findModules, moduleDir, type ModuleRef } from './tree.js';

export interface ListedFeature {
  readonly feature: string;
  readonly version: number;
  /** Released versions are recorded in contracts/releases.json, with a snapshot; drafts may still change freely. */
  readonly released: boolean;
  readonly deprecation?: Deprecation;
  readonly endpoints: string[];
}

/** The deprecation a module's index.ts declares, if any. */
export function moduleDeprecation(root: string, ref: ModuleRef): Deprecation | undefined {
  const path = `${moduleDir(ref)}/index.ts`;
  try {
    return readDeprecation(readFileSync(join(root, path), 'utf8'), path);
  } catch {
    return undefined; // no index.ts: `check` reports it
  }
}

export async function listFeatures(root: string): Promise<ListedFeature[]> {
  const app = await loadProjectApp(root);
  try {
    const documentOf = openApiDocuments(app);
    const listed: ListedFeature[] = [];
    for (const ref of findModules(root)) {
      const { name, version } = ref;
      const deprecation = moduleDeprecation(root, ref);
      listed.push({
        feature: name,
        version,
        released: isReleased(root, ref),
        ...(deprecation === undefined ? {} : { deprecation }),
        endpoints: featureOperations(await documentOf(version), name, version),
      });
    }
    return listed;
  } finally {
    await app.close();
  }
}

function status({ released, deprecation }: ListedFeature): string {
  const parts = [released ? 'released' : 'draft'];
  if (deprecation !== undefined)
    parts.push(`deprecated${deprecation.sunset === undefined ? '' : ` (sunset ${deprecation.sunset})`}`);
  return parts.join(', ');
}

export function formatTable(features: readonly ListedFeature[]): string {
  const rows = [
    ['FEATURE', 'VERSION', 'STATUS', 'ENDPOINTS'],
    ...features.map((f) => [f.feature, `v${f.version}`, status(f), f.endpoints.join(', ') || '(none)']),
  ];
  const widths = [0, 1, 2].map((column) => Math.max(...rows.map((row) => (row[column] ?? '').length)));
  return rows
    .map((row) =>
      row
        .map((cell, column) => cell.padEnd(widths[column] ?? 0))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
