/**
 * `petsage feature changelog [name]`: per feature, what each version added, changed and deprecated
 * against the one before it, from the same comparison the guard uses, on the contracts the app serves.
 */
import { loadProjectApp, openApiDocuments } from '../app.js';
import { Refusal } from '../errors.js';
import { moduleDeprecation } from '../list.js';
import { validateName } from '../names.js';
import { findModules, type ModuleRef } from '../tree.js';
import { describeChange, type Change } from './change.js';
import { compareContracts } from './compare.js';
import { deprecatedOperations, extractContract } from './extract.js';
import { isReleased } from './releases.js';

const bullet = (label: string, lines: readonly string[]): string[] => lines.map((line) => `    ${label}: ${line}`);

async function versionEntry(
  root: string,
  documentOf: (version: number) => Promise<unknown>,
  ref: ModuleRef,
  previous: ModuleRef | undefined,
): Promise<string[]> {
  const contractOf = async ({ name, version }: ModuleRef) =>
    extractContract(await documentOf(version), name, version, `/v${version}`);
  const current = await contractOf(ref);
  const state = isReleased(root, ref) ? 'released' : 'draft';
  const lines: string[] = [];
  let changes: Change[] = [];
  if (previous === undefined) {
    const operations = Object.keys(current.operations);
    lines.push(
      `  v${ref.version} (${state}): first version, ${operations.length} operation(s): ${operations.join(', ')}`,
    );
  } else {
    lines.push(`  v${ref.version} (${state}) against v${previous.version}:`);
    changes = compareContracts(await contractOf(previous), current);
  }
  const pick = (severity: Change['severity']): string[] =>
    changes.filter((change) => change.severity === severity).map(describeChange);
  const deprecation = moduleDeprecation(root, ref);
  const deprecated =
    deprecation === undefined
      ? deprecatedOperations(await documentOf(ref.version), ref.name, `/v${ref.version}`)
      : [
          `the whole version, since ${deprecation.since}${deprecation.sunset === undefined ? '' : `, sunset ${deprecation.sunset}`}`,
        ];
  lines.push(
    ...bullet('added', pick('additive')),
    ...bullet('changed (breaking)', pick('breaking')),
    ...bullet('changed', pick('compatible')),
    ...bullet('deprecated', deprecated),
  );
  if (previous !== undefined && lines.length === 1) lines.push('    no change to the contract');
  return lines;
}

export async function changelog(root: string, only?: string): Promise<string> {
  const modules = findModules(root).filter((ref) => only === undefined || ref.name === validateName(only));
  if (modules.length === 0 && only !== undefined) {
    throw new Refusal(`Feature ${JSON.stringify(only)} does not exist: create it first with \`petsage feature new\`.`);
  }
  const app = await loadProjectApp(root);
  try {
    const documentOf = openApiDocuments(app);
    const lines: string[] = [];
    let previous: ModuleRef | undefined;
    for (const ref of modules) {
      if (previous?.name !== ref.name) {
        lines.push(ref.name);
        previous = undefined;
      }
      lines.push(...(await versionEntry(root, documentOf, ref, previous)));
      previous = ref;
    }
    return `${lines.join('\n')}\n`;
  } finally {
    await app.close();
  }
}
