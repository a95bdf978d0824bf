/**
 * Release snapshots: `contracts/<name>/v<N>.json`, the contract a version promised when it was released.
 * They live outside the version folders on purpose: `feature version` copies a folder as it is, and a copy
 * must start as a draft; a snapshot also outlives edits to its version's code (that is its point), and a
 * change to a promise shows in review as a change under contracts/.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { format, resolveConfig } from 'prettier';
import type { FastifyInstance } from 'fastify';
import { openApiDocuments } from '../app.js';
import { compareModules, type ModuleRef } from '../tree.js';
import { extractContract } from './extract.js';
import type { Contract } from './model.js';

export const CONTRACTS_DIR = 'contracts';

export const snapshotPath = ({ name, version }: ModuleRef): string => `${CONTRACTS_DIR}/${name}/v${version}.json`;

/** Every snapshot on disk, sorted by feature, then version. */
export function findSnapshots(root: string): ModuleRef[] {
  const dir = join(root, CONTRACTS_DIR);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .flatMap((name) =>
      statSync(join(dir, name)).isDirectory()
        ? readdirSync(join(dir, name)).flatMap((file) => {
            const version = /^v([1-9][0-9]*)\.json$/.exec(file)?.[1];
            return version === undefined ? [] : [{ name, version: Number(version) }];
          })
        : [],
    )
    .sort(compareModules);
}

export const hasSnapshot = (root: string, ref: ModuleRef): boolean => existsSync(join(root, snapshotPath(ref)));

/** The snapshot of a version; throws with the file's path when it is not a contract. */
export function readSnapshot(root: string, ref: ModuleRef): Contract {
  const path = snapshotPath(ref);
  const parsed = JSON.parse(readFileSync(join(root, path), 'utf8')) as { operations?: unknown };
  if (typeof parsed.operations !== 'object' || parsed.operations === null) {
    throw new Error(`${path} has no "operations" object`);
  }
  return { feature: ref.name, version: ref.version, operations: parsed.operations as Contract['operations'] };
}

/** A JSON file's text, formatted as Prettier (which checks every JSON file of the project) wants it. */
export async function jsonText(root: string, path: string, value: unknown): Promise<string> {
  const filepath = join(root, path);
  const options = (await resolveConfig(filepath)) ?? {};
  return format(JSON.stringify(value), { ...options, filepath });
}

export const snapshotText = (root: string, contract: Contract): Promise<string> =>
  jsonText(root, snapshotPath({ name: contract.feature, version: contract.version }), contract);

/** The contracts the running app serves, read from each version's OpenAPI document once. */
export function liveContracts(app: FastifyInstance): (ref: ModuleRef) => Promise<Contract> {
  const documentOf = openApiDocuments(app);
  return async ({ name, version }) => extractContract(await documentOf(version), name, version, `/v${version}`);
}
