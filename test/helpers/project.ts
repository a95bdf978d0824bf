/**
 * A temporary copy of this project, for the builder's tests and the benchmark's feature counts: same
 * sources, node_modules linked, no .git and nothing built.
 */
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Io } from '../../src/cli/main.js';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

const SKIPPED = new Set(['node_modules', 'dist', '.git', 'coverage', 'test-results']);

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

/** Every file of the copy (node_modules aside) with the hash of its content: equal maps, identical trees. */
export function hashTree(root: string, dir = root, hashes = new Map<string, string>()): Map<string, string> {
  for (const entry of readdirSync(dir)) {
    if (dir === root && entry === 'node_modules') continue;
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) {
      hashes.set(`${relative(root, path)}/`, 'dir');
      hashTree(root, path, hashes);
    } else {
      hashes.set(relative(root, path), createHash('sha256').update(readFileSync(path)).digest('hex'));
    }
  }
  return hashes;
}

export interface Captured extends Io {
  out: string;
  err: string;
}

/** An Io for `run` on `root` that records what the command prints. */
export function captureIo(root: string, stdin = ''): Captured {
  const io: Captured = {
    root,
    out: '',
    err: '',
    stdout: (text) => (io.out += text),
    stderr: (text) => (io.err += text),
    readStdin: () => stdin,
  };
  return io;
}
