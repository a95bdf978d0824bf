/**
 * Test helpers around a temporary project copy (tools/project.ts): tree hashes, a recording Io, a refusal check,
 * and `petsage` run in it as `npx petsage` runs it.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { expect } from 'vitest';
import { run, type Io } from '../../tools/cli/main.js';

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

/** Runs `petsage feature <args>` on `root` and expects a refusal: exit 2, one line matching `message`, nothing written. */
export async function expectRefused(root: string, args: string[], message: RegExp, stdin?: string): Promise<void> {
  const before = hashTree(root);
  const io = captureIo(root, stdin);
  expect(await run(['feature', ...args], io)).toBe(2);
  expect(io.err).toMatch(message);
  expect(io.err).toMatch(/^petsage: [^\n]+\n$/);
  expect(io.out).toBe('');
  expect(hashTree(root)).toEqual(before);
}

/**
 * `petsage <args>` run in `root` as `npx petsage` runs it: a process of its own, so it loads the tree as it is
 * now (a test process caches the modules it imported from the copy), with `env` added to this one's.
 */
export function spawnPetsage(root: string, args: readonly string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, ['bin/petsage.js', ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, ...env },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}
