/** The `<name> v<N>` arguments of `release` and `deprecate`, checked against the modules on disk. */
import { Refusal } from './errors.js';
import { validateName } from './names.js';
import { findModules, type ModuleRef } from './tree.js';

/** The existing module that `<name> v<N>` names; a Refusal saying what exists otherwise. */
export function existingVersion(root: string, name: string, versionArgument: string): ModuleRef {
  validateName(name);
  const number = /^v([1-9][0-9]*)$/.exec(versionArgument)?.[1];
  if (number === undefined) {
    throw new Refusal(`Version ${JSON.stringify(versionArgument)} is not of the form v<N> (e.g. v1).`);
  }
  const versions = findModules(root)
    .filter((ref) => ref.name === name)
    .map((ref) => ref.version);
  if (versions.length === 0) {
    throw new Refusal(`Feature ${JSON.stringify(name)} does not exist: create it first with \`petsage feature new\`.`);
  }
  const version = Number(number);
  if (!versions.includes(version)) {
    throw new Refusal(`${name} has no version v${version}: it has ${versions.map((v) => `v${v}`).join(', ')}.`);
  }
  return { name, version };
}
