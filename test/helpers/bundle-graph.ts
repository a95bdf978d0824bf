/** The production build's module graph (dist/), read from its import statements and source maps. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const DIST = 'dist';

const source = (file: string) => readFileSync(join(DIST, file), 'utf8');
// `import"./a.js"` and `…from"./a.js"` (the build minifies whitespace); `import("./a.js")` is not one.
const staticImports = (file: string) =>
  [...source(file).matchAll(/\b(?:import|from)\s*"\.\/([^"]+\.js)"/g)].map((m) => m[1] as string);
export const dynamicImports = (file: string): string[] =>
  [...source(file).matchAll(/import\("\.\/([^"]+\.js)"\)/g)].map((m) => m[1] as string);

/** Every file reached from `entry`, through static imports and, with `dynamic`, the dynamic ones it lets through. */
export function reached(entry: string, dynamic: (file: string) => boolean = () => false): Set<string> {
  const seen = new Set<string>();
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    staticImports(file).forEach(visit);
    dynamicImports(file).filter(dynamic).forEach(visit);
  };
  visit(entry);
  return seen;
}

/** The node_modules files a bundled file holds code of (its source map names them). */
export const packageSources = (file: string): string[] =>
  (JSON.parse(source(`${file}.map`)) as { sources: string[] }).sources.filter((path) => path.includes('node_modules/'));
