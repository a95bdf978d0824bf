/**
 * Replaces existing files of the project, for the commands that edit one in place (`feature deprecate`).
 * The writer (writer.ts) creates new files and never overwrites; this stages the new text in the same
 * kind of staging folder (so the writer's clean-up applies to it) and renames it over the old file: a
 * rename on one file system is atomic, so a reader sees the old text or the new, never half of either.
 */
import * as fs from 'node:fs';
import { join } from 'node:path';
import type { PlannedFile } from './plan.js';
import { STAGING_PREFIX } from './writer.js';

export function replaceFile(root: string, file: PlannedFile): void {
  const staging = fs.mkdtempSync(join(root, STAGING_PREFIX));
  try {
    const staged = join(staging, 'file');
    fs.writeFileSync(staged, file.content, { flag: 'wx' });
    fs.renameSync(staged, join(root, file.path));
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}
