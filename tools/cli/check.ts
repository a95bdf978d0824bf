/**
 * `petsage feature check`: every feature module is complete (its files, and a resource's domain and
 * migrations), registered, tested, and keeps its contract (contract/completeness.ts: OpenAPI complete, examples valid,
 * README examples among them), and has the columns its declaration says (columns.ts: the migrations applied to
 * a scratch database). It checks structure and contract, never what an endpoint answers: that is its tests'
 * job. Each violation names the path to fix.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { loadProjectApp, openApiDocuments } from './app.js';
import { columnViolations } from './columns.js';
import { contractViolations } from './contract/completeness.js';
import { guardReleases } from './contract/guard.js';
import { domainViolations } from './domain.js';
import { interruptedWrites } from './recovery.js';
import { generateRegistry, registeredModules } from './registry.js';
import {
  findModules,
  findRegistrable,
  moduleDir,
  MODULE_FILES,
  REGISTRY_FILE,
  testDir,
  type ModuleRef,
} from './tree.js';

export interface Violation {
  readonly path: string;
  readonly problem: string;
}

function structure(root: string, modules: readonly ModuleRef[]): Violation[] {
  const violations: Violation[] = [];
  for (const ref of modules) {
    for (const file of MODULE_FILES) {
      const path = `${moduleDir(ref)}/${file}`;
      if (!existsSync(join(root, path))) violations.push({ path, problem: 'missing' });
    }
    const tests = testDir(ref);
    const hasTests =
      existsSync(join(root, tests)) && readdirSync(join(root, tests)).some((f) => f.endsWith('.test.ts'));
    if (!hasTests) violations.push({ path: `${tests}/`, problem: 'no tests for this version (*.test.ts)' });
  }
  for (const name of new Set(modules.map((ref) => ref.name))) violations.push(...domainViolations(root, name));
  return violations;
}

function registration(root: string, registrySource: string, modules: readonly ModuleRef[]): Violation[] {
  const violations: Violation[] = [];
  const registered = registeredModules(registrySource);
  const key = (ref: ModuleRef): string => `${ref.name}/v${ref.version}`;
  const onDisk = new Set(modules.map(key));
  for (const ref of registered) {
    if (!onDisk.has(key(ref))) violations.push({ path: `${moduleDir(ref)}/`, problem: 'registered but not on disk' });
  }
  const registeredKeys = new Set(registered.map(key));
  for (const ref of modules) {
    if (!registeredKeys.has(key(ref))) {
      violations.push({ path: `${moduleDir(ref)}/`, problem: `not registered in ${REGISTRY_FILE}` });
    }
  }
  // Formatting aside, the file must be what the builder writes.
  const squash = (text: string): string => text.replace(/\s+/g, '').replace(/,(?=[}\]])/g, '');
  if (violations.length === 0 && squash(registrySource) !== squash(generateRegistry(findRegistrable(root)))) {
    violations.push({
      path: REGISTRY_FILE,
      problem: 'differs from the generated list: run `npx petsage feature sync`',
    });
  }
  return violations;
}

/** Each version's contract: its OpenAPI operations complete and their examples valid, its README's examples among them. */
async function contracts(root: string, app: FastifyInstance, modules: readonly ModuleRef[]): Promise<Violation[]> {
  const violations: Violation[] = [];
  const documentOf = openApiDocuments(app);
  for (const ref of modules) {
    const readme = `${moduleDir(ref)}/README.md`;
    const text = existsSync(join(root, readme)) ? readFileSync(join(root, readme), 'utf8') : undefined;
    const document = await documentOf(ref.version);
    violations.push(
      ...contractViolations(document, `/v${ref.version}/${ref.name}`, { module: moduleDir(ref), readme }, text),
    );
  }
  return violations;
}

/** Each registered module says its own folder's name and version (the name is its URL segment). */
async function identities(root: string, modules: readonly ModuleRef[]): Promise<Violation[]> {
  const violations: Violation[] = [];
  for (const ref of modules) {
    const path = `${moduleDir(ref)}/index.ts`;
    const { feature } = (await import(pathToFileURL(join(root, path)).href)) as { feature?: Partial<ModuleRef> };
    if (feature?.name !== ref.name || feature.version !== ref.version) {
      violations.push({
        path,
        problem: `exports feature ${JSON.stringify({ name: feature?.name, version: feature?.version })}, not ${JSON.stringify(ref)}`,
      });
    }
  }
  return violations;
}

/** `note` receives what is worth knowing but not wrong: additive changes to released versions. */
export async function checkFeatures(
  root: string,
  note: (line: string) => void = () => undefined,
): Promise<Violation[]> {
  const modules = findModules(root);
  // An interrupted write explains whatever else looks half done, so it comes first.
  const violations = [...interruptedWrites(root), ...structure(root, modules)];
  let registrySource: string;
  try {
    registrySource = readFileSync(join(root, REGISTRY_FILE), 'utf8');
  } catch (error) {
    return [...violations, { path: REGISTRY_FILE, problem: `unreadable: ${(error as Error).message}` }];
  }
  violations.push(...registration(root, registrySource, modules));
  if (violations.length > 0) return violations;
  let app: FastifyInstance;
  try {
    app = await loadProjectApp(root);
  } catch (error) {
    return [
      { path: REGISTRY_FILE, problem: `the app does not load: ${(error as Error).message.split('\n')[0] ?? ''}` },
    ];
  }
  try {
    const guard = await guardReleases(root, app);
    guard.notes.forEach(note);
    return [
      ...(await identities(root, modules)),
      ...(await contracts(root, app, modules)),
      ...guard.violations,
      ...(await columnViolations(root, [...new Set(modules.map((ref) => ref.name))])),
    ];
  } finally {
    await app.close();
  }
}
