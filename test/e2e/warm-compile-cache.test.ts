/**
 * `node dist/warm-compile-cache.js` (the image's build step, src/warm-compile-cache.ts): one start of the
 * built service fills NODE_COMPILE_CACHE; an unset cache or a service that cannot start fails the step with
 * the reason.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import * as nodeModule from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'petsage-compile-cache-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** Runs the built step with only `env` (and PATH); resolves with its exit code and stderr. */
async function warm(env: Record<string, string>): Promise<{ code: number; stderr: string }> {
  try {
    const { stderr } = await run(process.execPath, ['dist/warm-compile-cache.js'], {
      env: { PATH: process.env.PATH ?? '', ...env },
      timeout: 60_000,
    });
    return { code: 0, stderr };
  } catch (error) {
    const failed = error as { code?: number; stderr?: string };
    return { code: failed.code ?? -1, stderr: failed.stderr ?? '' };
  }
}

/** The cache files Node wrote under `cache` (one folder per Node version and user id). */
const cached = (cache: string): string[] =>
  existsSync(cache)
    ? readdirSync(cache, { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile())
        .map((e) => e.name)
    : [];

describe('dist/warm-compile-cache.js', () => {
  it('fills the cache from one start of the service, on a Node that has one (22.1 and later; none before)', async () => {
    const cache = join(dir, 'filled');
    const { code, stderr } = await warm({ NODE_COMPILE_CACHE: cache });
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    if ('enableCompileCache' in nodeModule) expect(cached(cache).length).toBeGreaterThan(10);
    else expect(cached(cache)).toEqual([]);
  });

  it('fails without NODE_COMPILE_CACHE, saying so', async () => {
    expect(await warm({})).toEqual({
      code: 1,
      stderr: 'warm-compile-cache: NODE_COMPILE_CACHE is not set: there is no cache to warm\n',
    });
  });

  it("fails when the service cannot start, with the service's own reason", async () => {
    const cache = join(dir, 'refused');
    const { code, stderr } = await warm({ NODE_COMPILE_CACHE: cache, RATE_LIMIT_READ_MAX: 'many' });
    expect(code).toBe(1);
    expect(stderr).toMatch(/^warm-compile-cache: the service exited with 1 before listening; its stderr:\n/);
    expect(stderr).toContain('Invalid setting RATE_LIMIT_READ_MAX="many"');
  });
});
