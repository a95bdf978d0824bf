/**
 * `petsage feature check`: every feature module is complete, registered, tested, and documents what it
 * really answers. Each violation names the path to fix.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import type { FastifyInstance } from 'fastify';
import { loadProjectApp, openApiDocuments } from './app.js';
import { firstCodeBlock } from './markdown.js';
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

/** The first ```json block of a README (as a Markdown parser reads it), parsed; undefined if none or not JSON. */
export function readmeExample(markdown: string): unknown {
  const block = firstCodeBlock(markdown, 'json');
  if (block === undefined) return undefined;
  try {
    return JSON.parse(block) as unknown;
  } catch {
    return undefined;
  }
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

async function examples(root: string, app: FastifyInstance, modules: readonly ModuleRef[]): Promise<Violation[]> {
  const violations: Violation[] = [];
  const documentOf = openApiDocuments(app);
  for (const ref of modules) {
    const readme = `${moduleDir(ref)}/README.md`;
    if (!existsSync(join(root, readme))) continue;
    const endpoint = `/v${ref.version}/${ref.name}/`;
    const documented = readmeExample(readFileSync(join(root, readme), 'utf8'));
    const answer = await app.inject(endpoint);
    const document = await documentOf(ref.version);
    const openApiExample = document.paths?.[endpoint]?.get?.responses?.['200']?.content?.['application/json']?.example;
    if (documented === undefined) {
      violations.push({ path: readme, problem: 'no ```json example response block' });
    } else if (answer.statusCode !== 200) {
      violations.push({ path: moduleDir(ref), problem: `GET ${endpoint} answered ${answer.statusCode}, not 200` });
    } else if (!isDeepStrictEqual(documented, answer.json())) {
      violations.push({ path: readme, problem: `example response differs from what GET ${endpoint} answers` });
    } else if (!isDeepStrictEqual(documented, openApiExample)) {
      violations.push({
        path: readme,
        problem: `example response differs from the OpenAPI example of GET ${endpoint}`,
      });
    }
  }
  return violations;
}

export async function checkFeatures(root: string): Promise<Violation[]> {
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
    return await examples(root, app, modules);
  } finally {
    await app.close();
  }
}
