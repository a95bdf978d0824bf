/**
 * `petsage feature release <name> v<N>`: records the version's contract as its snapshot. Only a version
 * that passes `feature check` is released, and only once: a released contract is changed by a new version.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadProjectApp } from '../app.js';
import { checkFeatures } from '../check.js';
import { Refusal } from '../errors.js';
import type { Plan } from '../plan.js';
import { existingVersion } from '../target.js';
import { REGISTRY_FILE } from '../tree.js';
import { isReleased, liveContracts, snapshotPath, snapshotText } from './snapshot.js';

export async function planRelease(root: string, name: string, versionArgument: string): Promise<Plan> {
  const module = existingVersion(root, name, versionArgument);
  const label = `${module.name} v${module.version}`;
  if (isReleased(root, module)) {
    throw new Refusal(
      `${label} is already released (${snapshotPath(module)}): a released contract does not change; ` +
        `make the change in a new version (petsage feature version ${module.name}).`,
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
    // The registry is unchanged: the writer renames it into place last, as it does for every plan.
    const registry = readFileSync(join(root, REGISTRY_FILE), 'utf8');
    return {
      module,
      files: [{ path: snapshotPath(module), content: await snapshotText(root, contract) }],
      registry: { before: registry, after: registry },
    };
  } finally {
    await app.close();
  }
}
