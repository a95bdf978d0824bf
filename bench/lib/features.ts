/**
 * The benchmark's copies of the project (tools/project.ts): grown with the copy's own
 * `petsage feature new fNNN --description "..."` to each feature count in turn, or stripped of its
 * database features; built with `npm run build`; then removed.
 *
 * Commands run in this process, through `run()` of the copy's tools/cli/main.ts (what bin/petsage.js
 * calls with the command line), not as one `npx petsage` process per feature, whose start-up alone would
 * cost more than generating the feature.
 */
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { FeatureModule } from '../../src/core/features/feature.js';
import type { Io, run as Run } from '../../tools/cli/main.js';
import { copyProject, removeProject } from '../../tools/project.js';

export interface FeatureCopy {
  readonly dir: string;
  /** Feature versions the copy mounts (its registry's length). */
  count: number;
  readonly remove: () => void;
}

/** The feature versions the project at `dir` registers (its src/features/registry.ts). */
export async function registeredFeatures(dir: string): Promise<readonly FeatureModule[]> {
  const registry = pathToFileURL(join(dir, 'src/features/registry.ts')).href;
  return ((await import(registry)) as { features: readonly FeatureModule[] }).features;
}

/** Copies the project into a temporary directory, removed by `remove()` or, at the latest, at exit. */
export async function createCopy(root: string): Promise<FeatureCopy> {
  const dir = copyProject(root, 'petsage-bench-features-');
  const remove = (): void => {
    removeProject(dir);
  };
  process.once('exit', remove); // also after Ctrl-C, which exits through processes.ts
  return { dir, count: (await registeredFeatures(root)).length, remove };
}

export function featureName(n: number): string {
  return `f${String(n).padStart(3, '0')}`;
}

/** Runs a `petsage` command line in the copy; throws with its stderr unless it exits 0. */
async function petsage(copy: FeatureCopy, args: readonly string[]): Promise<void> {
  const cli = pathToFileURL(join(copy.dir, 'tools/cli/main.ts')).href;
  const { run } = (await import(cli)) as { run: typeof Run };
  let stderr = '';
  const io: Io = {
    root: copy.dir,
    stdout: () => undefined,
    stderr: (text) => (stderr += text),
    readStdin: () => '',
  };
  const code = await run([...args], io);
  if (code !== 0) throw new Error(`petsage ${args.join(' ')} exited ${code}: ${stderr.trim()}`);
}

function build(copy: FeatureCopy): void {
  execFileSync('npm', ['run', 'build', '--silent'], { cwd: copy.dir, stdio: 'ignore' });
}

/**
 * Adds features to the copy until it mounts `target`, stopping early once `deadline` (a
 * performance.now() value) has passed, then builds it. Returns the count reached.
 */
export async function growTo(
  copy: FeatureCopy,
  target: number,
  deadline: number,
  onStep: (n: number) => void,
): Promise<number> {
  while (copy.count < target && performance.now() < deadline) {
    const name = featureName(copy.count);
    await petsage(copy, ['feature', 'new', name, '--description', `Benchmark feature ${copy.count}`]);
    copy.count += 1;
    onStep(copy.count);
  }
  build(copy);
  return copy.count;
}

/**
 * Removes every feature that uses the database from the copy (its code, tests and recorded contracts),
 * regenerates the registry and builds it. Returns the names removed.
 */
export async function withoutDatabaseFeatures(copy: FeatureCopy): Promise<string[]> {
  const features = await registeredFeatures(copy.dir);
  const removed = [...new Set(features.filter((feature) => feature.usesDatabase).map((feature) => feature.name))];
  for (const name of removed) {
    for (const folder of ['src/features', 'test/features', 'contracts']) {
      rmSync(join(copy.dir, folder, name), { recursive: true, force: true });
    }
  }
  await petsage(copy, ['feature', 'sync']);
  copy.count = features.filter((feature) => !removed.includes(feature.name)).length;
  build(copy);
  return removed;
}
