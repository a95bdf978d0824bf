/**
 * The breaking-change guard of `feature check`: each released version's live contract against its
 * snapshot. A breaking change is a violation naming feature, version, operation and field; other changes
 * are reported as notes, since adding to a released version is allowed. The record of releases
 * (releases.ts) and the snapshots must agree, so that neither can be lost alone.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { compareModules, moduleDir, type ModuleRef } from '../tree.js';
import { describeChange } from './change.js';
import { compareContracts } from './compare.js';
import { readReleases, RELEASES_FILE } from './releases.js';
import { findSnapshots, hasSnapshot, liveContracts, readSnapshot, snapshotPath } from './snapshot.js';

export interface GuardResult {
  readonly violations: { readonly path: string; readonly problem: string }[];
  readonly notes: string[];
}

const label = (ref: ModuleRef): string => `${ref.name} v${ref.version}`;
const key = (ref: ModuleRef): string => `${ref.name}/v${ref.version}`;

export interface Presence {
  readonly folder: boolean;
  readonly snapshot: boolean;
  /** In the record of releases; undefined when the record is unreadable (already a violation). */
  readonly recorded: boolean | undefined;
}

/** What is wrong with a version's release record, its snapshot and its folder taken together, if anything. */
export function recordProblem(
  ref: ModuleRef,
  { folder, snapshot, recorded }: Presence,
): GuardResult['violations'][0] | undefined {
  if (!snapshot) {
    return folder
      ? {
          path: snapshotPath(ref),
          problem: `${label(ref)} is released (${RELEASES_FILE}) but its snapshot is missing: restore it from version control (git checkout <base branch> -- ${snapshotPath(ref)}); a released contract is never dropped`,
        }
      : {
          path: RELEASES_FILE,
          problem: `${label(ref)} is recorded as released but ${moduleDir(ref)}/ and ${snapshotPath(ref)} are gone: when a version is retired after its sunset, take its entry out of this record too`,
        };
  }
  if (!folder) {
    return {
      path: snapshotPath(ref),
      problem: `${label(ref)} is released but ${moduleDir(ref)}/ is gone: retire a version by deprecating it (feature deprecate --sunset), then delete its folder, this snapshot and its entry in ${RELEASES_FILE} together`,
    };
  }
  if (recorded === false) {
    return {
      path: snapshotPath(ref),
      problem: `${label(ref)} has a snapshot but no entry in ${RELEASES_FILE}: \`petsage feature release\` writes both; add "v${ref.version}" under "${ref.name}" there if it was released`,
    };
  }
  return undefined;
}

export async function guardReleases(root: string, app: FastifyInstance): Promise<GuardResult> {
  const result: GuardResult = { violations: [], notes: [] };
  let released: ModuleRef[] | undefined;
  try {
    released = readReleases(root);
  } catch (error) {
    result.violations.push({ path: RELEASES_FILE, problem: `unreadable: ${(error as Error).message}` });
  }
  const inRecord = new Set((released ?? []).map(key));
  const versions = new Map([...(released ?? []), ...findSnapshots(root)].map((ref) => [key(ref), ref]));
  const live = liveContracts(app);
  for (const ref of [...versions.values()].sort(compareModules)) {
    const presence: Presence = {
      folder: existsSync(join(root, moduleDir(ref))),
      snapshot: hasSnapshot(root, ref),
      recorded: released === undefined ? undefined : inRecord.has(key(ref)),
    };
    const problem = recordProblem(ref, presence);
    if (problem !== undefined) result.violations.push(problem);
    if (!presence.folder || !presence.snapshot) continue;
    let snapshot;
    try {
      snapshot = readSnapshot(root, ref);
    } catch (error) {
      result.violations.push({ path: snapshotPath(ref), problem: `unreadable: ${(error as Error).message}` });
      continue;
    }
    for (const change of compareContracts(snapshot, await live(ref))) {
      if (change.severity === 'breaking') {
        result.violations.push({
          path: moduleDir(ref),
          problem: `${label(ref)} breaks its released contract: ${describeChange(change)}`,
        });
      } else {
        result.notes.push(
          `${label(ref)}: ${change.severity} change to its released contract: ${describeChange(change)}`,
        );
      }
    }
  }
  return result;
}
