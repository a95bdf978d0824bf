/** Writes latest.json, latest.md and latest.svg of a run. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderMarkdown } from './report.js';
import type { Results } from './results.js';
import { renderSvg } from './svg.js';

export function writeResults(results: Results, dir: string): string[] {
  mkdirSync(dir, { recursive: true });
  const files = {
    'latest.json': `${JSON.stringify(results, null, 2)}\n`,
    'latest.md': renderMarkdown(results),
    'latest.svg': renderSvg(results.scaling.points, results.scaling.note),
  };
  return Object.entries(files).map(([name, text]) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  });
}
