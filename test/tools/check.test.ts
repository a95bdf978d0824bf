/**
 * `petsage feature check` on registration, and `petsage feature sync`, on a temporary copy of the project:
 * a registry that names a module missing from disk, one that leaves a module out, and a hand-edited one
 * are each reported with the path to fix; `sync` regenerates it from the tree. These cases stop before the
 * app is loaded, so they run in this process.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../tools/cli/main.js';
import { generateRegistry } from '../../tools/cli/registry.js';
import { findRegistrable, REGISTRY_FILE } from '../../tools/cli/tree.js';
import { copyProject, removeProject } from '../../tools/project.js';
import { captureIo } from '../helpers/project.js';

let root: string;
let registry: string;
let original: string;

beforeAll(() => {
  root = copyProject();
  registry = join(root, REGISTRY_FILE);
  original = readFileSync(registry, 'utf8');
});

afterAll(() => {
  removeProject(root);
});

async function petsage(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = captureIo(root);
  const code = await run(['feature', ...args], io);
  return { code, out: io.out, err: io.err };
}

describe('feature check: registration', () => {
  it('names a registered module that is not on disk', async () => {
    writeFileSync(
      registry,
      // Every module of this tree (the builder may have added some) plus one that is not on disk.
      generateRegistry([...findRegistrable(root), { name: 'ghost', version: 1 }]),
    );
    const result = await petsage('check');
    expect(result.code).toBe(1);
    expect(result.err).toContain('src/features/ghost/v1/: registered but not on disk\n');
    expect(result.err).toMatch(/feature check: 1 violation\(s\)\n$/);
  });

  it('names a module on disk that is not registered', async () => {
    writeFileSync(registry, generateRegistry([]));
    const result = await petsage('check');
    expect(result.code).toBe(1);
    expect(result.err).toContain(`src/features/smoke_test/v1/: not registered in ${REGISTRY_FILE}\n`);
  });

  it('reports a hand edit beyond formatting, and tells how to regenerate', async () => {
    writeFileSync(registry, `${original}export const extra = 1;\n`);
    const result = await petsage('check');
    expect(result.code).toBe(1);
    expect(result.err).toContain(`${REGISTRY_FILE}: differs from the generated list: run \`npx petsage feature sync\``);
  });
});

describe('feature sync', () => {
  it('regenerates the registry from the tree, then says it is up to date', async () => {
    writeFileSync(registry, generateRegistry([]));
    expect(await petsage('sync')).toEqual({ code: 0, out: `Regenerated ${REGISTRY_FILE}\n`, err: '' });
    expect(readFileSync(registry, 'utf8')).toBe(original);
    expect(await petsage('sync')).toEqual({ code: 0, out: `${REGISTRY_FILE} is up to date\n`, err: '' });
  });
});
