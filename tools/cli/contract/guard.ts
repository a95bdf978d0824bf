/**
 * The breaking-change guard of `feature check`: each released version's live contract against its
 * snapshot. A breaking change is a violation naming feature, version, operation and field; other changes
 * are reported as notes, since adding to a released version is allowed.
 */
import type { FastifyInstance } from 'fastify';
import { findModules, moduleDir, type ModuleRef } from '../tree.js';
import { describeChange } from './change.js';
import { compareContracts } from './compare.js';
import { findSnapshots, liveContracts, readSnapshot, snapshotPath } from './snapshot.js';

export interface GuardResult {
  readonly violations: { readonly path: string; readonly problem: string }[];
  readonly notes: string[];
}

export async function guardReleases(root: string, app: FastifyInstance): Promise<GuardResult> {
  const result: GuardResult = { violations: [], notes: [] };
  const onDisk = new Set(findModules(root).map((ref) => moduleDir(ref)));
  const live = liveContracts(app);
  const label = (ref: ModuleRef): string => `${ref.name} v${ref.version}`;
  for (const ref of findSnapshots(root)) {
    if (!onDisk.has(moduleDir(ref))) {
      result.violations.push({
        path: snapshotPath(ref),
        problem: `${label(ref)} is released but ${moduleDir(ref)}/ is gone: retire a version by deprecating it (feature deprecate --sunset), then delete its folder and this snapshot together`,
      });
      continue;
    }
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
