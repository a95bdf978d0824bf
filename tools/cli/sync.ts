/** `petsage feature sync`: rewrites the registry from the modules on disk (through the writer, atomically). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatFile } from './format.js';
import { generateRegistry } from './registry.js';
import { findRegistrable, REGISTRY_FILE } from './tree.js';
import { applyFiles } from './writer.js';

/** Call it under the project lock (recovery.ts's lockedWrite), after interrupted writes are undone. */
export async function syncRegistry(root: string): Promise<string> {
  const text = await formatFile(root, REGISTRY_FILE, generateRegistry(findRegistrable(root)));
  if (readFileSync(join(root, REGISTRY_FILE), 'utf8') === text) return `${REGISTRY_FILE} is up to date\n`;
  applyFiles(root, [{ path: REGISTRY_FILE, content: text }], 'feature sync');
  return `Regenerated ${REGISTRY_FILE}\n`;
}
