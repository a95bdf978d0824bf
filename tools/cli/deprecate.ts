/**
 * `petsage feature deprecate <name> v<N> [--sunset <YYYY-MM-DD>]`: declares the version deprecated in
 * its index.ts (src/core/features/deprecation.ts does the rest at run time). Running it again moves the sunset and
 * keeps the first deprecation date.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Deprecation } from '../../src/core/features/deprecation.js';
import { Refusal } from './errors.js';
import { readDeprecation, setModuleFields } from './feature-module.js';
import { formatFile } from './format.js';
import type { PlannedFile } from './plan.js';
import { lockedWrite } from './recovery.js';
import { existingVersion } from './target.js';
import { findModules, moduleDir } from './tree.js';
import { applyFiles } from './writer.js';

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A calendar day in the future, as YYYY-MM-DD (UTC); a Refusal otherwise. */
export function parseSunset(text: string, now: Date): string {
  const match = DAY.exec(text);
  const time = Date.parse(`${text}T00:00:00Z`);
  // Date.parse rolls 2027-02-30 over to March: a day that does not exist does not print back the same.
  if (match === null || Number.isNaN(time) || new Date(time).toISOString().slice(0, 10) !== text) {
    throw new Refusal(
      `Sunset date ${JSON.stringify(text)} is not a calendar day: expected YYYY-MM-DD (e.g. 2027-06-30).`,
    );
  }
  if (time <= now.getTime()) {
    throw new Refusal(`Sunset date ${text} is not in the future: clients need time to move; choose a later day.`);
  }
  return text;
}

export interface DeprecationPlan {
  readonly file: PlannedFile;
  readonly deprecation: Deprecation;
}

export async function planDeprecation(
  root: string,
  name: string,
  versionArgument: string,
  sunset: string | undefined,
  now = new Date(),
): Promise<DeprecationPlan> {
  const module = existingVersion(root, name, versionArgument);
  const versions = findModules(root).filter((ref) => ref.name === name);
  if (versions.length === 1) {
    throw new Refusal(
      `${name} v${module.version} is its only version: deprecate a version once its successor exists (petsage feature version ${name}).`,
    );
  }
  const path = `${moduleDir(module)}/index.ts`;
  const text = readFileSync(join(root, path), 'utf8');
  const since = readDeprecation(text, path)?.since ?? now.toISOString().slice(0, 10);
  const deprecation: Deprecation = {
    since,
    ...(sunset === undefined ? {} : { sunset: parseSunset(sunset, now) }),
  };
  const content = await formatFile(root, path, setModuleFields(text, path, { deprecation }));
  return { file: { path, content }, deprecation };
}

/** Plans and writes the deprecation under the project lock; the index.ts is replaced all or nothing. */
export async function deprecate(
  root: string,
  name: string,
  versionArgument: string,
  sunset: string | undefined,
  io: { stdout: (line: string) => void; lockWaitMs?: number | undefined },
): Promise<DeprecationPlan> {
  const command = `feature deprecate ${name} ${versionArgument}`;
  const write = async (): Promise<DeprecationPlan> => {
    const planned = await planDeprecation(root, name, versionArgument, sunset);
    applyFiles(root, [planned.file], command);
    return planned;
  };
  return lockedWrite(root, command, io.stdout, write, io.lockWaitMs);
}
