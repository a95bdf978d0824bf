/**
 * The released contracts of a feature with a new field recorded, as `feature release --update` would record
 * them, so that `feature field add` leaves a tree whose snapshots are its served contracts (pets v1's contract
 * test holds them equal) and whose every file is written at once. The contract is read from the app as it will
 * be served: a scratch copy of `src/` with the planned files in it, loaded as `feature check` loads the project.
 * Nothing of the project is written here.
 */
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { loadProjectApp } from '../app.js';
import { describeChange } from '../contract/change.js';
import { compareContracts } from '../contract/compare.js';
import { readSnapshot, snapshotPath, snapshotText, liveContracts } from '../contract/snapshot.js';
import type { PlannedFile } from '../plan.js';
import type { ModuleRef } from '../tree.js';

/** A copy of `root`'s `src/` and package.json with `files` written in it; node_modules linked. */
function scratchTree(root: string, files: readonly PlannedFile[]): string {
  const scratch = mkdtempSync(join(tmpdir(), 'petsage-field-'));
  cpSync(join(root, 'src'), join(scratch, 'src'), { recursive: true });
  cpSync(join(root, 'package.json'), join(scratch, 'package.json'));
  symlinkSync(join(root, 'node_modules'), join(scratch, 'node_modules'), 'dir');
  for (const file of files.filter((planned) => planned.path.startsWith('src/'))) {
    mkdirSync(dirname(join(scratch, file.path)), { recursive: true });
    writeFileSync(join(scratch, file.path), file.content);
  }
  return scratch;
}

/** The snapshot of each of `released` with what `files` add to its contract; throws if anything else changed. */
export async function recordedSnapshots(
  root: string,
  released: readonly ModuleRef[],
  files: readonly PlannedFile[],
): Promise<PlannedFile[]> {
  if (released.length === 0) return [];
  const scratch = scratchTree(root, files);
  try {
    const app = await loadProjectApp(scratch);
    try {
      const snapshots: PlannedFile[] = [];
      for (const ref of released) {
        const contract = await liveContracts(app)(ref);
        const breaking = compareContracts(readSnapshot(root, ref), contract).find(
          (change) => change.severity === 'breaking',
        );
        // field-add.ts refuses every field that would narrow the contract: this is a bug, not a refusal.
        if (breaking !== undefined) throw new Error(`${ref.name} v${ref.version}: ${describeChange(breaking)}`);
        snapshots.push({ path: snapshotPath(ref), content: await snapshotText(root, contract) });
      }
      return snapshots;
    } finally {
      await app.close();
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
