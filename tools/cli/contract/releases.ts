/**
 * The record of released versions: `contracts/releases.json`, `{ "<feature>": ["v1", ...] }`, written by
 * `feature release` together with each snapshot and read by `feature check` and `feature list`. A version is
 * released when the record says so, not when its snapshot happens to be on disk: deleting a snapshot must
 * not turn a released version back into a draft that may change freely. Why a committed file and not the
 * base branch: it works the same in a fresh clone, a shallow CI checkout and a developer's tree, and taking
 * a version out of it is a line of its own in review.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compareModules, type ModuleRef } from '../tree.js';
import { CONTRACTS_DIR, jsonText } from './snapshot.js';

export const RELEASES_FILE = `${CONTRACTS_DIR}/releases.json`;

const FEATURE = /^[a-z][a-z0-9_]*$/;
const VERSION = /^v([1-9][0-9]*)$/;

/** The released versions, sorted; none when the file is absent. Throws naming the file when it is malformed. */
export function readReleases(root: string): ModuleRef[] {
  const path = join(root, RELEASES_FILE);
  if (!existsSync(path)) return [];
  const malformed = (why: string): Error =>
    new Error(`${RELEASES_FILE} ${why}: expected {"<feature>": ["v<N>", ...]}, as \`feature release\` writes it`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw malformed(`is not JSON (${(error as Error).message})`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw malformed('is not an object');
  return Object.entries(parsed)
    .flatMap(([name, versions]) => {
      if (!FEATURE.test(name)) throw malformed(`names ${JSON.stringify(name)}, which is not a feature name`);
      if (!Array.isArray(versions)) throw malformed(`lists ${name}'s versions as something other than an array`);
      return versions.map((version: unknown) => {
        const number = typeof version === 'string' ? VERSION.exec(version)?.[1] : undefined;
        if (number === undefined) throw malformed(`lists ${JSON.stringify(version)} under ${name}, not a v<N>`);
        return { name, version: Number(number) };
      });
    })
    .sort(compareModules);
}

export const isReleased = (root: string, ref: ModuleRef): boolean =>
  readReleases(root).some(({ name, version }) => name === ref.name && version === ref.version);

/** The record's text with `ref` added, as Prettier formats it. */
export async function releasesWith(root: string, ref: ModuleRef): Promise<string> {
  const record: Record<string, string[]> = {};
  for (const { name, version } of [...readReleases(root), ref].sort(compareModules)) {
    (record[name] ??= []).push(`v${version}`);
  }
  return jsonText(root, RELEASES_FILE, record);
}
