/** The feature modules on disk: `src/features/<name>/v<N>/`, the one source the builder reads. */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const FEATURES_DIR = 'src/features';
export const TESTS_DIR = 'test/features';
export const REGISTRY_FILE = 'src/features/registry.ts';
/** A resource's declaration, in its feature's folder: what makes a feature a resource. */
export const RESOURCE_FILE = 'resource.ts';
/**
 * The files every version's folder has (its contract); a plain feature keeps its models and service there
 * too, a resource its declaration beside them (resource.ts, shared by its versions).
 */
export const MODULE_FILES = ['index.ts', 'api.ts', 'README.md'] as const;

export interface ModuleRef {
  readonly name: string;
  readonly version: number;
}

export const moduleDir = ({ name, version }: ModuleRef): string => `${FEATURES_DIR}/${name}/v${version}`;
export const testDir = ({ name, version }: ModuleRef): string => `${TESTS_DIR}/${name}/v${version}`;

function subdirectories(path: string): string[] {
  if (!existsSync(path)) return [];
  return readdirSync(path).filter((entry) => statSync(join(path, entry)).isDirectory());
}

/** Every `<name>/v<N>` folder under src/features, sorted by name, then version. */
export function findModules(root: string): ModuleRef[] {
  const modules: ModuleRef[] = [];
  for (const name of subdirectories(join(root, FEATURES_DIR))) {
    for (const folder of subdirectories(join(root, FEATURES_DIR, name))) {
      const match = /^v([1-9][0-9]*)$/.exec(folder);
      if (match?.[1] !== undefined) modules.push({ name, version: Number(match[1]) });
    }
  }
  return modules.sort(compareModules);
}

export function compareModules(a: ModuleRef, b: ModuleRef): number {
  if (a.name !== b.name) return a.name < b.name ? -1 : 1;
  return a.version - b.version;
}

/** The modules the registry mounts: those with an index.ts. */
export function findRegistrable(root: string): ModuleRef[] {
  return findModules(root).filter((ref) => existsSync(join(root, moduleDir(ref), 'index.ts')));
}

export function latestVersion(root: string, name: string): number | undefined {
  const versions = findModules(root)
    .filter((ref) => ref.name === name)
    .map((ref) => ref.version);
  return versions.length > 0 ? Math.max(...versions) : undefined;
}
