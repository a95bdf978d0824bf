/**
 * Feature-count copies: a temporary copy of the project (no .git, node_modules symlinked) grown with
 * `npx petsage feature new fNNN --description "..."` to each count in turn, built with `npm run build`.
 * The copy is cached under the temp dir, keyed by a hash of the sources, so later runs reuse it.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
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

/** The cached copy for these sources (made if missing); older caches of this project are removed. */
export function prepareCopy(root: string): FeatureCopy {
  const dir = join(tmpdir(), `petsage-bench-features-${sourceHash(root)}`);
  for (const name of readdirSync(tmpdir())) {
    const other = join(tmpdir(), name);
    if (name.startsWith('petsage-bench-features-') && other !== dir) rmSync(other, { recursive: true, force: true });
  }
  if (!existsSync(join(dir, '.bench-count'))) {
    rmSync(dir, { recursive: true, force: true });
    cpSync(root, dir, {
      recursive: true,
      filter: (source) => !SKIP.has(relative(root, source).split('/')[0] ?? ''),
    });
    symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'));
    writeFileSync(join(dir, '.bench-count'), '1');
  }
  return { dir, count: Number(readFileSync(join(dir, '.bench-count'), 'utf8')) };
}

export function featureName(n: number): string {
  return `f${String(n).padStart(3, '0')}`;
}

/**
 * Generates features until the copy mounts `target` (the smoke test counts as the first), stopping
 * early once `deadline` (a performance.now() value) has passed; then builds. Returns the count reached.
 */
export function growTo(copy: FeatureCopy, target: number, deadline: number, onStep: (n: number) => void): number {
  while (copy.count < target && performance.now() < deadline) {
    const n = copy.count; // f001 is the second feature mounted
    execFileSync(
      'npx',
      ['--no', 'petsage', 'feature', 'new', featureName(n), '--description', `Benchmark feature ${n}`],
      {
        cwd: copy.dir,
        stdio: 'ignore',
      },
    );
    copy.count += 1;
    writeFileSync(join(copy.dir, '.bench-count'), String(copy.count));
    onStep(copy.count);
  }
  execFileSync('npm', ['run', 'build', '--silent'], { cwd: copy.dir, stdio: 'ignore' });
  return copy.count;
}

export function removeCopy(copy: FeatureCopy): void {
  rmSync(copy.dir, { recursive: true, force: true });
}
