/**
 * The production build keeps the database code out of what `dist/server.js` loads at start-up: only the
 * dynamic import made when a registered feature uses the database reaches the database plugin, so a
 * service without one never reads or compiles it. pg and Kysely are not in the bundle at all: they load
 * from node_modules when the first query needs them (startup-bundle.test.ts watches a running service do
 * so). Read from the build's own module graph.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const DIST = 'dist';
const DATABASE_PACKAGES = /node_modules\/(pg|pg-pool|pg-protocol|kysely)\//;
const DATABASE_PLUGIN = /src\/core\/database\/plugin\.ts$/;

const source = (file: string) => readFileSync(join(DIST, file), 'utf8');
const staticImports = (file: string) =>
  [...source(file).matchAll(/^(?:import|} from) .*"\.\/([^"]+\.js)";$/gm)].map((m) => m[1] as string);
const dynamicImports = (file: string) =>
  [...source(file).matchAll(/import\("\.\/([^"]+\.js)"\)/g)].map((m) => m[1] as string);

/** Every file reached from `entry` through static imports only. */
function loadedAtStart(entry: string): Set<string> {
  const seen = new Set<string>();
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    staticImports(file).forEach(visit);
  };
  visit(entry);
  return seen;
}

/** Whether a bundled file holds code from a source `pattern` matches (its source map names its sources). */
function holds(file: string, pattern: RegExp): boolean {
  const map = JSON.parse(source(`${file}.map`)) as { sources: string[] };
  return map.sources.some((path) => pattern.test(path));
}

describe('the production build', () => {
  it('loads no database code when dist/server.js starts', () => {
    const files = [...loadedAtStart('server.js')];
    expect(files).toContain('server.js');
    expect(files.filter((file) => holds(file, DATABASE_PLUGIN) || holds(file, DATABASE_PACKAGES))).toEqual([]);
  });

  it('reaches the database plugin through dynamic imports only', () => {
    // server.js imports the service itself dynamically (after tracing may start), and the service the
    // database plugin: every file reached, through any import, from the dynamic ones.
    const reached = new Set<string>();
    const visit = (file: string): void => {
      if (reached.has(file)) return;
      reached.add(file);
      [...loadedAtStart(file)].flatMap(dynamicImports).forEach(visit);
    };
    [...loadedAtStart('server.js')].flatMap(dynamicImports).forEach(visit);
    const files = [...reached].flatMap((file) => [...loadedAtStart(file)]);
    expect(files.some((file) => holds(file, DATABASE_PLUGIN))).toBe(true);
  });

  it('bundles neither pg nor Kysely: one copy of each, from node_modules, loaded by the first query', () => {
    const bundled = readdirSync(DIST).filter((file) => file.endsWith('.js'));
    expect(bundled).toContain('migrate.js');
    expect(bundled.filter((file) => holds(file, DATABASE_PACKAGES))).toEqual([]);
  });
});
