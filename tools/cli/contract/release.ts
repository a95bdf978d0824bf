/**
 * `petsage feature release <name> v<N> [--update]`: records the version's contract as its snapshot, and the
 * version in the record of releases (releases.ts). Only a version that passes `feature check` is released,
 * and only once. `--update` records what a released
 * version has gained since (additive changes only: `check` refuses the others), so that what clients may
 * now rely on is guarded too.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadProjectApp } from '../app.js';
import { checkFeatures } from '../check.js';
import { Refusal } from '../errors.js';
import type { Plan } from '../plan.js';
import { lockedWrite } from '../recovery.js';
import { existingVersion } from '../target.js';
import { REGISTRY_FILE } from '../tree.js';
import { applyPlan } from '../writer.js';
import { describeChange } from './change.js';
import { compareContracts } from './compare.js';
import { isReleased, releasesWith, RELEASES_FILE } from './releases.js';
import { hasSnapshot, liveContracts, readSnapshot, snapshotPath, snapshotText } from './snapshot.js';

export interface Release {
  readonly plan: Plan;
  /** True when an existing snapshot is rewritten (`--update`). */
  readonly update: boolean;
  /** What the rewritten snapshot adds to the old one. */
  readonly recorded: string[];
}

export async function planRelease(
  root: string,
  name: string,
  versionArgument: string,
  update = false,
): Promise<Release> {
  const module = existingVersion(root, name, versionArgument);
  const label = `${module.name} v${module.version}`;
  const released = isReleased(root, module);
  if (released && !update) {
    throw new Refusal(
      `${label} is already released (${RELEASES_FILE}): a released contract only grows; record what ` +
        `it gained with --update, or make other changes in a new version (petsage feature version ${module.name}).`,
    );
  }
  if (!released && update) {
    throw new Refusal(`${label} is not released yet: release it first, without --update.`);
  }
  if (released && !hasSnapshot(root, module)) {
    throw new Refusal(
      `${label} is released (${RELEASES_FILE}) but ${snapshotPath(module)} is missing: restore it from version ` +
        `control; --update only adds to the contract it finds, it does not record a new one.`,
    );
  }
  const violations = await checkFeatures(root);
  const first = violations[0];
  if (first !== undefined) {
    throw new Refusal(
      `${label} cannot be released while \`feature check\` finds ${violations.length} violation(s), ` +
        `the first: ${first.path}: ${first.problem}`,
    );
  }
  const app = await loadProjectApp(root);
  try {
    const contract = await liveContracts(app)(module);
    if (Object.keys(contract.operations).length === 0) {
      throw new Refusal(`${label} serves no operation: there is no contract to release.`);
    }
    const recorded = update ? compareContracts(readSnapshot(root, module), contract).map(describeChange) : [];
    // The registry is unchanged: the writer renames it into place last, as it does for every plan.
    const registry = readFileSync(join(root, REGISTRY_FILE), 'utf8');
    return {
      plan: {
        module,
        files: [
          { path: snapshotPath(module), content: await snapshotText(root, contract) },
          // The record is placed after the snapshot (writer.ts: new files first), all or nothing.
          ...(update ? [] : [{ path: RELEASES_FILE, content: await releasesWith(root, module) }]),
        ],
        registry: { before: registry, after: registry },
      },
      update,
      recorded,
    };
  } finally {
    await app.close();
  }
}

/**
 * Plans and writes the release under the project lock (writer.ts: a new snapshot is created, an updated one
 * replaced, all or nothing); an update with nothing new writes nothing.
 */
export async function release(
  root: string,
  name: string,
  versionArgument: string,
  options: { update: boolean; notify: (line: string) => void; lockWaitMs?: number | undefined },
): Promise<Release> {
  const command = `feature release ${name} ${versionArgument}${options.update ? ' --update' : ''}`;
  const write = async (): Promise<Release> => {
    const planned = await planRelease(root, name, versionArgument, options.update);
    if (!planned.update || planned.recorded.length > 0) applyPlan(root, planned.plan, command);
    return planned;
  };
  return lockedWrite(root, command, options.notify, write, options.lockWaitMs);
}
