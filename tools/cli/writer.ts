/**
 * Applies a plan all or nothing: every file is first written to a staging folder inside the project (same
 * file system, so renames are atomic), then renamed into place, the registry last (one atomic rename). If any
 * step fails, every file and folder created is removed, leaving the tree byte for byte as it was.
 */
import * as fs from 'node:fs';
import { dirname, join } from 'node:path';
import type { Plan } from './plan.js';
import { REGISTRY_FILE } from './tree.js';

/** The file operations the writer uses; tests replace one to simulate a failure midway. */
export interface WriterFs {
  mkdirSync: (path: string) => void;
  writeFileSync: (path: string, data: string) => void;
  renameSync: (from: string, to: string) => void;
}

const realFs: WriterFs = {
  mkdirSync: (path) => {
    fs.mkdirSync(path);
  },
  writeFileSync: (path, data) => {
    fs.writeFileSync(path, data, { flag: 'wx' });
  },
  renameSync: (from, to) => {
    fs.renameSync(from, to);
  },
};

export const STAGING_PREFIX = '.petsage-staging-';

export function applyPlan(root: string, plan: Plan, ops: WriterFs = realFs): void {
  const staging = fs.mkdtempSync(join(root, STAGING_PREFIX));
  const createdDirs: string[] = [];
  const placed: string[] = [];
  const ensureDir = (dir: string): void => {
    if (fs.existsSync(dir)) return;
    ensureDir(dirname(dir));
    ops.mkdirSync(dir);
    createdDirs.push(dir);
  };
  try {
    const staged = plan.files.map((file, index) => {
      const path = join(staging, String(index));
      ops.writeFileSync(path, file.content);
      return { staged: path, target: join(root, file.path) };
    });
    const stagedRegistry = join(staging, 'registry');
    ops.writeFileSync(stagedRegistry, plan.registry.after);
    for (const { staged: from, target } of staged) {
      if (fs.existsSync(target)) throw new Error(`${target} appeared while writing`);
      ensureDir(dirname(target));
      ops.renameSync(from, target);
      placed.push(target);
    }
    // Last, so that nothing after it can fail: the registry never needs restoring.
    ops.renameSync(stagedRegistry, join(root, REGISTRY_FILE));
  } catch (error) {
    for (const target of placed.reverse()) fs.rmSync(target, { force: true });
    for (const dir of createdDirs.reverse()) fs.rmSync(dir, { recursive: true, force: true });
    throw error;
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}
