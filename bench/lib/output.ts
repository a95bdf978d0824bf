/** Writes latest.json, latest.md and latest.svg of a run, and the README's summary of the committed one. */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderSummary, replaceSummary } from './readme-summary.js';
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

/** Rewrites the README's benchmark summary from `results`; returns the README's path. */
export function writeReadmeSummary(results: Results, readmePath = 'README.md'): string {
  writeFileSync(readmePath, replaceSummary(readFileSync(readmePath, 'utf8'), renderSummary(results)));
  return readmePath;
}
