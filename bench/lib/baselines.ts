/**
 * The baselines as plain JavaScript: each bench/baselines/*.ts bundled once a run with esbuild (as the
 * service is by the build) and started with `node`, so that a baseline's start-up is node:http's and not
 * tsx's compile time. The files go to a directory of their own under node_modules/.cache, where `pg` and
 * `fastify` (left outside the bundle) resolve from the project's node_modules; it is removed on exit.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { build } from 'esbuild';

let outDir: string | undefined;
const built = new Map<string, string>();

function runDir(): string {
  if (outDir === undefined) {
    const cache = resolve('node_modules/.cache');
    mkdirSync(cache, { recursive: true });
    const dir = mkdtempSync(join(cache, 'petsage-bench-'));
    process.once('exit', () => {
      rmSync(dir, { recursive: true, force: true });
    });
    outDir = dir;
  }
  return outDir;
}

/** The path of `file` (a bench/baselines/*.ts) built to an ES module, building it on first use. */
export async function builtBaseline(file: string): Promise<string> {
  const known = built.get(file);
  if (known !== undefined) return known;
  const outfile = join(runDir(), basename(file).replace(/\.ts$/, '.mjs'));
  await build({
    entryPoints: [file],
    outfile,
    bundle: true,
    packages: 'external',
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'warning',
  });
  built.set(file, outfile);
  return outfile;
}
