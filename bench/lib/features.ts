/**
 * The feature-count copy: one temporary copy of the project (tools/project.ts), grown
 * with its own `petsage feature new fNNN --description "..."` to each count in turn and built with
 * `npm run build` at each, then removed.
 *
 * The command runs in this process, through `run()` of the copy's tools/cli/main.ts (what bin/petsage.js
 * calls with the command line), not as one `npx petsage` process per feature, whose start-up alone would
 * cost more than generating the feature.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Io, run as Run } from '../../tools/cli/main.js';
import { copyProject, removeProject } from '../../tools/project.js';

export interface FeatureCopy {
  readonly dir: string;
  /** Features the copy mounts; the project's own smoke_test is the first. */
  count: number;
  readonly remove: () => void;
}

/** Copies the project into a temporary directory, removed by `remove()` or, at the latest, at exit. */
export function createCopy(root: string): FeatureCopy {
  const dir = copyProject(root, 'petsage-bench-features-');
  const remove = (): void => {
    removeProject(dir);
  };
  process.once('exit', remove); // also after Ctrl-C, which exits through processes.ts
  return { dir, count: 1, remove };
}

export function featureName(n: number): string {
  return `f${String(n).padStart(3, '0')}`;
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
  const cli = pathToFileURL(join(copy.dir, 'tools/cli/main.ts')).href;
  const { run } = (await import(cli)) as { run: typeof Run };
  let stderr = '';
  const io: Io = {
    root: copy.dir,
    stdout: () => undefined,
    stderr: (text) => (stderr += text),
    readStdin: () => '',
  };
  while (copy.count < target && performance.now() < deadline) {
    const name = featureName(copy.count); // f001 is the second feature mounted
    const code = await run(['feature', 'new', name, '--description', `Benchmark feature ${copy.count}`], io);
    if (code !== 0) throw new Error(`petsage feature new ${name} exited ${code}: ${stderr.trim()}`);
    copy.count += 1;
    onStep(copy.count);
  }
  execFileSync('npm', ['run', 'build', '--silent'], { cwd: copy.dir, stdio: 'ignore' });
  return copy.count;
}
