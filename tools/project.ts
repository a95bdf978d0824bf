/**
 * A temporary copy of this project, for the builder's tests and the benchmark's feature counts: same
 * sources, node_modules linked, no .git and nothing built.
 */
import { cpSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../', import.meta.url));

const SKIPPED = new Set(['node_modules', 'dist', '.git', 'coverage', 'test-results', '.petsage']);

export function copyProject(source = REPO_ROOT, prefix = 'petsage-project-'): string {
  const root = mkdtempSync(join(tmpdir(), prefix));
  for (const entry of readdirSync(source)) {
    if (!SKIPPED.has(entry)) cpSync(join(source, entry), join(root, entry), { recursive: true });
  }
  symlinkSync(join(source, 'node_modules'), join(root, 'node_modules'), 'dir');
  return root;
}

export function removeProject(root: string): void {
  rmSync(root, { recursive: true, force: true });
}
