/**
 * Plans a change in memory before anything is written: every file to create, and the registry's new text.
 * `feature new` renders the templates; `feature version` copies the latest version (copy-version.ts).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { copyVersionFile, type VersionCopy } from './copy-version.js';
import { Refusal } from './errors.js';
import { formatFile } from './format.js';
import { fenceFor, markdownText } from './markdown.js';
import { nameForms, validateName } from './names.js';
import { generateRegistry } from './registry.js';
import { render, type TemplateValues } from './render.js';
import type { FieldSpec } from './resource/fields.js';
import { resourceValues } from './resource/values.js';
import type { FeatureSpec } from './spec.js';
import {
  FEATURES_DIR,
  findRegistrable,
  latestVersion,
  moduleDir,
  REGISTRY_FILE,
  RESOURCE_FILE,
  testDir,
  TESTS_DIR,
  type ModuleRef,
} from './tree.js';

/** The plain kind's templates (a constant GET /), and the resource kind's (CRUD on a table). */
export const TEMPLATES_DIR = fileURLToPath(new URL('../../templates/feature/', import.meta.url));
export const RESOURCE_TEMPLATES_DIR = fileURLToPath(new URL('../../templates/resource/', import.meta.url));

export interface PlannedFile {
  /** Relative to the project root, with forward slashes. */
  readonly path: string;
  readonly content: string;
}

export interface Plan {
  readonly module: ModuleRef;
  readonly files: readonly PlannedFile[];
  /** The registry's text before and after the change. */
  readonly registry: { readonly before: string; readonly after: string };
}

/** Every file under `dir`, relative to it, sorted. */
function listFiles(dir: string, prefix = ''): string[] {
  return readdirSync(join(dir, prefix))
    .sort()
    .flatMap((entry) => {
      const path = prefix === '' ? entry : `${prefix}/${entry}`;
      return statSync(join(dir, path)).isDirectory() ? listFiles(dir, path) : [path];
    });
}

/** TypeScript string literal of a text (Prettier then picks the quotes the project prefers). */
const literal = (text: string): string => `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

export function templateValues(spec: FeatureSpec, version: number): TemplateValues {
  const forms = nameForms(spec.name);
  return {
    featureName: forms.snake,
    FeaturePascal: forms.pascal,
    featureCamel: forms.camel,
    featureTitle: forms.title,
    version,
    descriptionLiteral: literal(spec.description),
    descriptionJson: JSON.stringify(spec.description),
    descriptionMarkdown: markdownText(spec.description),
    exampleFence: fenceFor(spec.description),
    summaryLiteral: literal(spec.summary),
    summaryMarkdown: markdownText(spec.summary),
    tagLiteral: literal(spec.tag),
    tagMarkdown: markdownText(spec.tag),
  };
}

function readRegistry(root: string): string {
  try {
    return readFileSync(join(root, REGISTRY_FILE), 'utf8');
  } catch (error) {
    throw new Error(`Cannot read ${REGISTRY_FILE}: ${(error as Error).message}`);
  }
}

async function registryChange(root: string, added: ModuleRef): Promise<Plan['registry']> {
  const before = readRegistry(root);
  const after = await formatFile(root, REGISTRY_FILE, generateRegistry([...findRegistrable(root), added]));
  return { before, after };
}

function refuseExisting(root: string, paths: readonly string[]): void {
  const existing = paths.find((path) => existsSync(join(root, path)));
  if (existing !== undefined) {
    throw new Refusal(`${existing} already exists: features are never overwritten (no --force); choose a new name.`);
  }
}

/** Refuses a `ref` field whose feature is not a resource of the project at `root`. */
export function refuseMissingReferences(root: string, fields: readonly FieldSpec[]): void {
  for (const field of fields) {
    const target = `${FEATURES_DIR}/${field.references}/${RESOURCE_FILE}`;
    if (field.references !== undefined && !existsSync(join(root, target))) {
      throw new Refusal(
        `Field ${JSON.stringify(field.name)}: refers to ${field.references}, which is not a resource of this project (no ${target}).`,
      );
    }
  }
}

/**
 * The files of a new feature at v1, rendered from the templates of its kind. A template's first folder
 * says where it lands: `src/` and `test/` in the version's folders (what `feature version` copies),
 * `domain/` and `domain-test/` in the feature's own (shared by its versions).
 */
export async function planNew(
  root: string,
  spec: FeatureSpec,
  templatesDir = spec.resource === undefined ? TEMPLATES_DIR : RESOURCE_TEMPLATES_DIR,
): Promise<Plan> {
  const module: ModuleRef = { name: spec.name, version: 1 };
  refuseExisting(root, [`${FEATURES_DIR}/${spec.name}`, `${TESTS_DIR}/${spec.name}`]);
  refuseMissingReferences(root, spec.resource?.fields ?? []);
  const plain = templateValues(spec, module.version);
  const values = spec.resource === undefined ? plain : resourceValues(spec.name, spec.resource, plain, templatesDir);
  const targets: Readonly<Record<string, string>> = {
    src: moduleDir(module),
    test: testDir(module),
    domain: `${FEATURES_DIR}/${spec.name}`,
    'domain-test': `${TESTS_DIR}/${spec.name}`,
  };
  const files: PlannedFile[] = [];
  for (const template of listFiles(templatesDir).filter((path) => path.endsWith('.tmpl'))) {
    const [area = '', ...rest] = template.split('/');
    const base = targets[area];
    if (base === undefined) throw new Error(`Template ${template} is outside ${Object.keys(targets).join('/, ')}/`);
    const path = `${base}/${rest.join('/').replace(/\.tmpl$/, '')}`;
    const text = render(readFileSync(join(templatesDir, template), 'utf8'), values, join(templatesDir, template));
    files.push({ path, content: await formatFile(root, path, text) });
  }
  return { module, files, registry: await registryChange(root, module) };
}

/** The next version of an existing feature: a copy of its latest version, moved to the new number. */
export async function planVersion(root: string, name: string): Promise<Plan> {
  validateName(name);
  const latest = latestVersion(root, name);
  if (latest === undefined) {
    throw new Refusal(`Feature ${JSON.stringify(name)} does not exist: create it first with \`petsage feature new\`.`);
  }
  const from: ModuleRef = { name, version: latest };
  const module: ModuleRef = { name, version: latest + 1 };
  refuseExisting(root, [moduleDir(module), testDir(module)]);
  const files: PlannedFile[] = [];
  const copy: VersionCopy = {
    from: from.version,
    to: module.version,
    folders: [
      [moduleDir(from), moduleDir(module)],
      [testDir(from), testDir(module)],
    ],
    indexFile: `${moduleDir(from)}/index.ts`,
    readmeFile: `${moduleDir(from)}/README.md`,
  };
  for (const [source, target] of copy.folders) {
    if (!existsSync(join(root, source))) continue;
    for (const path of listFiles(join(root, source))) {
      const text = readFileSync(join(root, source, path), 'utf8');
      const content = copyVersionFile(text, `${source}/${path}`, `${target}/${path}`, copy);
      files.push({ path: `${target}/${path}`, content: await formatFile(root, `${target}/${path}`, content) });
    }
  }
  return { module, files, registry: await registryChange(root, module) };
}
