/**
 * The benchmark's copies of the project: grown with the copy's own `petsage feature new`, or stripped of
 * its database features; built; and removed without a trace. Asserts what the benchmark relies on, not how
 * fast it is, in whatever tree it runs.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createCopy,
  featureName,
  growTo,
  withoutDatabaseFeatures,
  type FeatureCopy,
} from '../../bench/lib/features.js';
import { features } from '../../src/features/registry.js';

const registryOf = (copy: FeatureCopy) => readFileSync(join(copy.dir, 'src/features/registry.ts'), 'utf8');

/** A copy made before the block's tests and removed after them; read it inside tests only. */
function copyPerBlock(): () => FeatureCopy {
  let copy: FeatureCopy | undefined;
  beforeAll(async () => {
    copy = await createCopy(process.cwd());
  });
  afterAll(() => {
    copy?.remove();
  });
  return () => {
    if (!copy) throw new Error('the copy is made in beforeAll');
    return copy;
  };
}

describe('the feature-count copy', () => {
  const theCopy = copyPerBlock();

  it("starts as a copy of the project without its .git, mounting the project's feature versions", () => {
    const copy = theCopy();
    expect(copy.count).toBe(features.length);
    expect(existsSync(join(copy.dir, 'src/features/registry.ts'))).toBe(true);
    expect(existsSync(join(copy.dir, '.git'))).toBe(false);
  });

  it('grows to the count asked, registering each feature, and builds dist/', async () => {
    const copy = theCopy();
    const first = copy.count;
    const steps: number[] = [];
    const reached = await growTo(copy, first + 2, Number.POSITIVE_INFINITY, (n) => steps.push(n));
    expect(reached).toBe(first + 2);
    expect(steps).toEqual([first + 1, first + 2]);
    for (const name of [featureName(first), featureName(first + 1)]) expect(registryOf(copy)).toContain(name);
    expect(existsSync(join(copy.dir, 'dist/server.js'))).toBe(true);
  }, 60_000);

  it('stops at the deadline with the count reached', async () => {
    const copy = theCopy();
    const reached = copy.count;
    expect(await growTo(copy, reached + 10, performance.now() - 1, () => undefined)).toBe(reached);
  }, 60_000);

  it('is removed by remove()', () => {
    const copy = theCopy();
    copy.remove();
    expect(existsSync(copy.dir)).toBe(false);
  });
});

describe('the copy without database features', () => {
  const theCopy = copyPerBlock();

  it('removes every feature that uses the database, with its tests and contracts, and builds the rest', async () => {
    const copy = theCopy();
    const usingDatabase = [...new Set(features.filter((feature) => feature.usesDatabase).map((f) => f.name))];
    expect(await withoutDatabaseFeatures(copy)).toEqual(usingDatabase);
    for (const name of usingDatabase) {
      for (const folder of ['src/features', 'test/features', 'contracts']) {
        expect(existsSync(join(copy.dir, folder, name))).toBe(false);
      }
      expect(registryOf(copy)).not.toContain(`'./${name}/`);
    }
    expect(copy.count).toBe(features.filter((feature) => !feature.usesDatabase).length);
    expect(registryOf(copy).match(/^import \{ feature as /gm)).toHaveLength(copy.count);
    expect(existsSync(join(copy.dir, 'dist/server.js'))).toBe(true);
  }, 60_000);
});
