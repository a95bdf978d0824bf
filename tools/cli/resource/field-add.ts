/**
 * `petsage feature field add <name> <field>`: one field added to a resource, Django's `makemigrations` for
 * the one change the builder makes. The field (the `--field` syntax, validated as `feature new` validates
 * it) goes into the declaration through its syntax tree (declaration-source.ts), and the next forward
 * migration adds its column with the same column SQL a new table's has (migration.ts). Both files are
 * planned here and written together, all or nothing (writer.ts).
 *
 * A released version's clients must keep working, so on a released feature (any of its versions in
 * contracts/releases.json; the declaration is shared by them all) the field must not narrow what they
 * may send: it must be optional or have a default (their creates do not send it), and a default may not be
 * unique (every create that leaves it out would take the same value: the second one would conflict). A
 * field that exists already is refused everywhere: renaming or redefining one is no addition. Each version's
 * README that lists every field gets the new one too (readme-field.ts), so its examples stay the contract's,
 * and each released version's snapshot records it (field-contract.ts), as `feature release --update` would.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readReleases } from '../contract/releases.js';
import { Refusal } from '../errors.js';
import { formatFile } from '../format.js';
import { validateName } from '../names.js';
import { refuseMissingReferences, type PlannedFile } from '../plan.js';
import { acceptText } from '../text.js';
import { FEATURES_DIR, findModules, moduleDir, RESOURCE_FILE, type ModuleRef } from '../tree.js';
import { readDeclarationSource, withField, type DeclarationSource } from './declaration-source.js';
import { parseFieldFlag } from './field-syntax.js';
import { fieldRefusal, validateField, type FieldSpec } from './fields.js';
import { fieldCode, fieldOf } from './fragments.js';
import { recordedSnapshots } from './field-contract.js';
import { addColumnSql, existingRecords } from './migration.js';
import { readmeWithField } from './readme-field.js';
import { MAX_FIELDS } from './spec.js';

export interface FieldAddition {
  readonly field: FieldSpec;
  /** What the records stored before the migration read in the new column (or why it needs an empty table). */
  readonly existing: string;
  /** The declaration, the READMEs and the released versions' snapshots, replaced, and the new migration. */
  readonly files: readonly PlannedFile[];
  /** The feature's released versions, whose snapshots record the addition (an additive change). */
  readonly released: readonly ModuleRef[];
}

const MIGRATION = /^(\d{4})_[a-z0-9_]+\.sql$/;

function declarationPath(root: string, name: string): string {
  validateName(name);
  const path = `${FEATURES_DIR}/${name}/${RESOURCE_FILE}`;
  if (existsSync(join(root, path))) return path;
  if (existsSync(join(root, FEATURES_DIR, name))) {
    throw new Refusal(
      `${name} is not a resource (it has no ${path}): fields belong to features built with --resource.`,
    );
  }
  throw new Refusal(`Feature ${JSON.stringify(name)} does not exist: create it first with \`petsage feature new\`.`);
}

/** What released clients would no longer be able to do with this field added, if anything. */
function narrowing(field: FieldSpec): string | undefined {
  if (!field.optional && field.default === undefined) {
    return 'required with no default, so creates that leave it out, as its clients do, would be refused: make it :optional or give it :default=<value>';
  }
  if (field.unique && field.default !== undefined) {
    return 'unique with a default, so the second create that leaves it out would conflict (409): make it :optional instead of a default';
  }
  return undefined;
}

/** The next migration's path: numbered after the last one. */
function nextMigration(root: string, name: string, field: string): string {
  const folder = `${FEATURES_DIR}/${name}/migrations`;
  const numbers = existsSync(join(root, folder))
    ? readdirSync(join(root, folder)).map((file) => Number(MIGRATION.exec(file)?.[1] ?? 0))
    : [];
  const next = String(Math.max(0, ...numbers) + 1).padStart(4, '0');
  return `${folder}/${next}_add_${field}.sql`;
}

/** The README of each version of `name` that lists every field, with `field` added. */
async function readmes(
  root: string,
  name: string,
  declaration: DeclarationSource,
  field: FieldSpec,
): Promise<PlannedFile[]> {
  const planned: PlannedFile[] = [];
  for (const ref of findModules(root).filter((module) => module.name === name)) {
    const path = `${moduleDir(ref)}/README.md`;
    if (!existsSync(join(root, path))) continue;
    const text = readmeWithField(
      readFileSync(join(root, path), 'utf8'),
      declaration.fields,
      field,
      declaration.singular,
    );
    if (text !== undefined) planned.push({ path, content: await formatFile(root, path, text) });
  }
  return planned;
}

export async function planFieldAdd(root: string, name: string, flag: string): Promise<FieldAddition> {
  const path = declarationPath(root, name);
  const [fieldName, input] = parseFieldFlag(acceptText('The field', flag));
  const field = validateField(fieldName, input);
  const text = readFileSync(join(root, path), 'utf8');
  const declaration = readDeclarationSource(text, path);
  if (declaration.fields.includes(field.name)) {
    throw fieldRefusal(
      field.name,
      `${name} has this field already: field add only adds one (a rename or a change of type is a new field under a new name)`,
    );
  }
  if (declaration.fields.length >= MAX_FIELDS) {
    throw new Refusal(`${name} has ${declaration.fields.length} fields: at most ${MAX_FIELDS} are accepted.`);
  }
  const released = readReleases(root).filter((ref) => ref.name === name);
  const narrows = narrowing(field);
  if (released.length > 0 && narrows !== undefined) {
    const versions = released.map((ref) => `v${ref.version}`).join(', ');
    throw fieldRefusal(field.name, `${name} ${versions} is released and this field is ${narrows}`);
  }
  refuseMissingReferences(root, [field]);
  const declared = withField(text, path, fieldCode(field, declaration.singular));
  const column = fieldOf(field, declaration.singular);
  const files = [
    { path, content: await formatFile(root, path, declared) },
    ...(await readmes(root, name, declaration, field)),
    { path: nextMigration(root, name, field.name), content: addColumnSql(declaration.table, field.name, column) },
  ];
  return {
    field,
    existing: existingRecords(column),
    released,
    files: [...files, ...(await recordedSnapshots(root, released, files))],
  };
}
