/** `petsage feature list`: each feature version with its operations, as a table or as JSON. */
import { featureOperations, loadProjectApp, openApiDocuments } from './app.js';
import { findModules } from './tree.js';

export interface ListedFeature {
  readonly feature: string;
  readonly version: number;
  readonly endpoints: string[];
}

export async function listFeatures(root: string): Promise<ListedFeature[]> {
  const app = await loadProjectApp(root);
  try {
    const documentOf = openApiDocuments(app);
    const listed: ListedFeature[] = [];
    for (const { name, version } of findModules(root)) {
      listed.push({ feature: name, version, endpoints: featureOperations(await documentOf(version), name, version) });
    }
    return listed;
  } finally {
    await app.close();
  }
}

export function formatTable(features: readonly ListedFeature[]): string {
  const rows = [
    ['FEATURE', 'VERSION', 'ENDPOINTS'],
    ...features.map((f) => [f.feature, `v${f.version}`, f.endpoints.join(', ') || '(none)']),
  ];
  const widths = [0, 1].map((column) => Math.max(...rows.map((row) => (row[column] ?? '').length)));
  return rows
    .map((row) =>
      row
        .map((cell, column) => cell.padEnd(widths[column] ?? 0))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
