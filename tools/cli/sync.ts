/** `petsage feature sync`: rewrites the registry from the modules on disk (atomically, via a rename). */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatFile } from './format.js';
import { generateRegistry } from './registry.js';
import { findRegistrable, REGISTRY_FILE } from './tree.js';

export async function syncRegistry(root: string): Promise<string> {
  const path = join(root, REGISTRY_FILE);
  const text = await formatFile(root, REGISTRY_FILE, generateRegistry(findRegistrable(root)));
  if (readFileSync(path, 'utf8') === text) return `${REGISTRY_FILE} is up to date\n`;
  const temporary = `${path}.petsage-tmp`;
  writeFileSync(temporary, text);
  renameSync(temporary, path);
  return `Regenerated ${REGISTRY_FILE}\n`;
}
