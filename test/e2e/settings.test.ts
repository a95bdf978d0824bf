/** Each bad setting stops the built service before it listens: exit 1, one line, nothing on stdout. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listeningUrl, startBuilt, waitForExit } from '../helpers/process.js';
import { CROSS_SETTING_REFUSALS, SETTING_REFUSALS } from '../helpers/settings.js';

describe('bad settings', () => {
  it.each([...SETTING_REFUSALS, ...CROSS_SETTING_REFUSALS])(
    '%s=%j exits 1 with its one line',
    async (name, value, line) => {
      // METRICS_PORT at its default, as the table's cases expect: each is refused before anything listens.
      // No issuer by default, so that each auth setting is refused for itself (not only next to an issuer).
      const env = { HOST: '127.0.0.1', PORT: '0', METRICS_PORT: '9464', AUTH_ISSUER: '', [name]: value };
      const result = await waitForExit(startBuilt(env));
      expect(result.code).toBe(1);
      expect(result.stderr).toBe(`${line}\n`);
      expect(result.stdout).toBe('');
    },
  );
});

/** Whether any feature of this tree declares an operation that needs a bearer token (a route's, or a resource's scopes). */
function treeHasProtectedOperations(): boolean {
  return readdirSync('src/features', { recursive: true, encoding: 'utf8' })
    .filter((path) => path.endsWith('api.ts'))
    .some((path) => /bearerAuth|scopes:/.test(readFileSync(join('src/features', path), 'utf8')));
}

describe('production without an issuer', () => {
  it('refuses to start with one line while some operation needs a token, and serves otherwise', async () => {
    // A database URL that is never dialled at start-up, so that only the issuer can stop the start.
    const env = { HOST: '127.0.0.1', PORT: '0', AUTH_ISSUER: '', DATABASE_URL: 'postgres://127.0.0.1:9/none' };
    if (treeHasProtectedOperations()) {
      const result = await waitForExit(startBuilt(env));
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(
        /^Invalid setting AUTH_ISSUER="": expected the token issuer's URL, since NODE_ENV=production and operations such as [A-Z]+ \/\S* require a bearer token\.\n$/,
      );
    } else {
      const child = startBuilt({ ...env, SHUTDOWN_DELAY_MS: '0' });
      await listeningUrl(child);
      child.kill('SIGTERM');
      expect((await waitForExit(child)).code).toBe(0);
    }
  });
});
