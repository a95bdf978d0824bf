/**
 * The feature-count copy: grown with the copy's own `petsage feature new`, built, and removed without a
 * trace. Asserts what the benchmark relies on, not how fast it is.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createCopy, featureName, growTo } from '../../bench/lib/features.js';

describe('the feature-count copy', () => {
  const copy = createCopy(process.cwd());
  afterAll(() => {
    copy.remove();
  });

  it('starts as a copy of the project without its .git, mounting the smoke test only', () => {
    expect(copy.count).toBe(1);
    expect(existsSync(join(copy.dir, 'src/features/smoke_test/v1/index.ts'))).toBe(true);
    expect(existsSync(join(copy.dir, '.git'))).toBe(false);
  });

  it('grows to the count asked, registering each feature, and builds dist/', async () => {
    const steps: number[] = [];
    const reached = await growTo(copy, 3, Number.POSITIVE_INFINITY, (n) => steps.push(n));
    expect(reached).toBe(3);
    expect(steps).toEqual([2, 3]);
    const registry = readFileSync(join(copy.dir, 'src/features/registry.ts'), 'utf8');
    for (const name of [featureName(1), featureName(2)]) expect(registry).toContain(name);
    expect(existsSync(join(copy.dir, 'dist/server.js'))).toBe(true);
  }, 60_000);

  it('stops at the deadline with the count reached', async () => {
    expect(await growTo(copy, 10, performance.now() - 1, () => undefined)).toBe(3);
  }, 60_000);

  it('is removed by remove()', () => {
    copy.remove();
    expect(existsSync(copy.dir)).toBe(false);
  });
});
