/**
 * Feature-count copies: a temporary copy of the project (no .git, node_modules symlinked) grown with
 * `npx petsage feature new fNNN --description "..."` to each count in turn, built with `npm run build`.
 * Copies are cached under the temp dir, keyed by a hash of the sources, so later runs reuse them (and
 * resume one a former run's time budget cut short).
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

const SKIP = new Set(['.git', 'node_modules', 'dist', 'bench', 'test-results', 'coverage']);

/** Whether the project has the feature builder CLI (`petsage` in package.json's bin). */
export function hasCli(root: string): boolean {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { bin?: unknown };
  return typeof pkg.bin === 'object' && pkg.bin !== null && 'petsage' in pkg.bin;
}

function files(dir: string, root: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir).sort()) {
    if (dir === root && SKIP.has(name)) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) files(path, root, out);
    else out.push(path);
  }
  return out;
}

export function sourceHash(root: string): string {
  const hash = createHash('sha256');
  for (const file of files(root, root)) hash.update(relative(root, file)).update(readFileSync(file));
  return hash.digest('hex').slice(0, 12);
}

export interface FeatureCopy {
  dir: string;
  count: number;
}

function cacheRoot(root: string): string {
  return join(tmpdir(), `petsage-bench-features-${sourceHash(root)}`);
}

/** Removes the caches of older sources of this project (other hashes). */
export function pruneCaches(root: string): void {
  const keep = cacheRoot(root);
  for (const name of readdirSync(tmpdir())) {
    const other = join(tmpdir(), name);
    if (name.startsWith('petsage-bench-features-') && other !== keep) rmSync(other, { recursive: true, force: true });
  }
}

function countIn(dir: string): number {
  const marker = join(dir, '.bench-count');
  return existsSync(marker) ? Number(readFileSync(marker, 'utf8')) : 0;
}

/**
 * The copy for `wanted` features: `<cache>/n<wanted>`, resumed if a former run stopped short, else
 * started from the largest smaller copy (or from the project itself, which mounts one feature).
 */
export function copyFor(root: string, wanted: number): FeatureCopy {
  const cache = cacheRoot(root);
  const dir = join(cache, `n${wanted}`);
  if (countIn(dir) > 0) return { dir, count: countIn(dir) };
  mkdirSync(cache, { recursive: true });
  const smaller = readdirSync(cache)
    .map((name) => join(cache, name))
    .filter((other) => countIn(other) > 0 && countIn(other) < wanted)
    .sort((a, b) => countIn(b) - countIn(a))[0];
  if (smaller) {
    cpSync(smaller, dir, { recursive: true, verbatimSymlinks: true });
  } else {
    cpSync(root, dir, { recursive: true, filter: (source) => !SKIP.has(relative(root, source).split('/')[0] ?? '') });
    symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'));
    writeFileSync(join(dir, '.bench-count'), '1');
  }
  return { dir, count: countIn(dir) };
}

export function featureName(n: number): string {
  return `f${String(n).padStart(3, '0')}`;
}

/**
 * Generates features, one CLI call each (each call rewrites the registry, so they run in turn), until
 * the copy mounts `target` (the smoke test is the first), stopping early once `deadline` (a
 * performance.now() value) has passed; then builds. Returns the count reached.
 */
export function growTo(copy: FeatureCopy, target: number, deadline: number, onStep: (n: number) => void): number {
  while (copy.count < target && performance.now() < deadline) {
    const n = copy.count; // f001 is the second feature mounted
    const args = ['--no', 'petsage', 'feature', 'new', featureName(n), '--description', `Benchmark feature ${n}`];
    execFileSync('npx', args, { cwd: copy.dir, stdio: 'ignore' });
    copy.count += 1;
    writeFileSync(join(copy.dir, '.bench-count'), String(copy.count));
    onStep(copy.count);
  }
  const built = join(copy.dir, '.bench-built');
  if (!existsSync(built) || readFileSync(built, 'utf8') !== String(copy.count)) {
    execFileSync('npm', ['run', 'build', '--silent'], { cwd: copy.dir, stdio: 'ignore' });
    writeFileSync(built, String(copy.count));
  }
  return copy.count;
}
