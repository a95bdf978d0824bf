/**
 * package.json's `engines` is true: every installed package accepts every Node.js it allows, the Dockerfile's
 * Node is one of them, and the Node types describe the oldest one (so code cannot use newer APIs unnoticed).
 */
import { readFileSync } from 'node:fs';
import semver from 'semver';
import { describe, expect, it } from 'vitest';
import { argsOf, dockerfileStages } from '../helpers/dockerfile.js';

interface Package {
  engines?: { node?: string };
  dev?: boolean;
  version?: string;
}
const packageJson = JSON.parse(readFileSync('package.json', 'utf8')) as Package & {
  devDependencies: Record<string, string>;
};
const lock = JSON.parse(readFileSync('package-lock.json', 'utf8')) as { packages: Record<string, Package> };
const engines = packageJson.engines?.node ?? '';

/** The installed packages (production ones first in the report) whose Node range excludes some of ours. */
function packagesNarrowerThan(range: string, packages = lock.packages): string[] {
  return Object.entries(packages)
    .filter(([path, pkg]) => path !== '' && pkg.engines?.node !== undefined)
    .filter(([, pkg]) => !semver.subset(range, pkg.engines?.node ?? '*', { includePrerelease: false }))
    .map(
      ([path, pkg]) =>
        `${pkg.dev ? 'dev' : 'production'} ${path.replace(/^.*node_modules\//, '')}: ${pkg.engines?.node}`,
    )
    .sort();
}

describe('the Node.js versions package.json allows', () => {
  it('is a valid range that excludes Node.js 20 (end of life) and allows the current LTS lines', () => {
    expect(semver.validRange(engines)).not.toBeNull();
    expect(semver.intersects(engines, '20.x')).toBe(false);
    for (const version of ['22.13.0', '24.0.0']) expect(semver.satisfies(version, engines)).toBe(true);
  });

  it('is accepted by every installed package, production and development', () => {
    expect(packagesNarrowerThan(engines)).toEqual([]);
  });

  it('names a package that allows less than the range does', () => {
    const packages = {
      '': { engines: { node: '>=20.19' } },
      'node_modules/cookie': { engines: { node: '>=22' } },
      'node_modules/vite': { dev: true, engines: { node: '^20.19.0 || >=22.12.0' } },
      'node_modules/plain': {},
    };
    expect(packagesNarrowerThan('>=20.19', packages)).toEqual([
      'dev vite: ^20.19.0 || >=22.12.0',
      'production cookie: >=22',
    ]);
    expect(packagesNarrowerThan('^22.13.0 || >=24', packages)).toEqual([]);
  });

  it("includes every Node.js the Dockerfile's image ships", () => {
    const majors = new Set(argsOf(dockerfileStages().flat(), 'FROM').map((from) => /^node:(\d+)-/.exec(from)?.[1]));
    expect(majors.size).toBe(1);
    const [major] = [...majors];
    expect(semver.subset(`^${major}.0.0`, engines)).toBe(true);
  });

  it("types the code against the oldest Node.js allowed (@types/node's major)", () => {
    const oldest = semver.minVersion(engines)?.major;
    expect(semver.minVersion(packageJson.devDependencies['@types/node'] ?? '')?.major).toBe(oldest);
  });
});
