/**
 * The Dockerfile's steps, run outside Docker (no engine on these machines): copy what the image copies into
 * a temporary directory, `npm ci`, `npm run build`, then `npm ci --omit=dev` as the final stage does, and
 * start `node dist/server.js` with production dependencies only, as the image's CMD does.
 */
import { execFileSync } from 'node:child_process';
import { once } from 'node:events';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { listeningUrl, startBuilt } from '../helpers/process.js';

// What the Dockerfile COPYs into its build stage.
const CONTEXT = ['package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json', 'src'];
const dir = mkdtempSync(join(tmpdir(), 'petsage-image-'));

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function npm(...args: string[]): void {
  execFileSync('npm', [...args, '--no-audit', '--no-fund', '--prefer-offline'], { cwd: dir, stdio: 'pipe' });
}

describe("the Dockerfile's steps, outside Docker", () => {
  it('builds, installs production dependencies only, and serves the smoke test from dist/', async () => {
    for (const entry of CONTEXT) cpSync(entry, join(dir, entry), { recursive: true });
    npm('ci');
    npm('run', 'build');
    npm('ci', '--omit=dev');
    expect(existsSync(join(dir, 'node_modules/typescript'))).toBe(false);
    expect(existsSync(join(dir, 'node_modules/fastify'))).toBe(true);

    const child = startBuilt({ HOST: '127.0.0.1', PORT: '0', SHUTDOWN_DELAY_MS: '0' }, dir);
    try {
      const url = await listeningUrl(child);
      const response = await fetch(`${url}/v1/smoke_test/`);
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ status: 'ok', feature: 'smoke_test' });
      expect((await fetch(`${url}/livez`)).status).toBe(200);
    } finally {
      child.kill('SIGTERM');
      await once(child, 'exit');
    }
  }, 180_000);
});
