/**
 * `petsage token`: a development token that the service accepts outside production with no issuer set,
 * made with a key generated on first use; bad options are refused with one line, exit 2, nothing written.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { SettingsError } from '../../src/config.js';
import { run } from '../../tools/cli/main.js';
import { bearer } from '../helpers/auth.js';
import { guardedFeature } from '../helpers/guarded-feature.js';
import { captureIo } from '../helpers/project.js';
import { testSettings } from '../helpers/settings.js';

const root = mkdtempSync(join(tmpdir(), 'petsage-token-'));
const keysDir = join(root, 'keys');
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

async function token(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = captureIo(root);
  const code = await run(['token', '--keys-dir', keysDir, ...args], io);
  return { code, out: io.out, err: io.err };
}

const developmentApp = (env: Record<string, string> = {}) =>
  createApp(testSettings({ AUTH_DEV_KEYS_DIR: keysDir, ...env }), { features: [guardedFeature] });

describe('petsage token', () => {
  it('makes a key on first use (private half readable by the owner only) and prints a token the service accepts', async () => {
    const app = developmentApp();
    await app.ready();
    // The service started before the key existed: it reads the key file when a token names it.
    const made = await token(['--scope', 'things:read', 'things:write', '--sub', 'dev-alice']);
    expect(made).toMatchObject({ code: 0, err: '' });
    expect(statSync(join(keysDir, 'private-key.json')).mode & 0o777).toBe(0o600);
    const response = await app.inject({ url: '/v1/things/', headers: bearer(made.out.trim()) });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ subject: 'dev-alice' });
    const write = await app.inject({ method: 'POST', url: '/v1/things/', headers: bearer(made.out.trim()) });
    expect(write.statusCode).toBe(200);
    await app.close();
  });

  it('signs later tokens with the same key', async () => {
    const before = readdirSync(keysDir);
    const second = await token(['--scope', 'things:read']);
    expect(readdirSync(keysDir)).toEqual(before);
    const app = developmentApp();
    const response = await app.inject({ url: '/v1/things/', headers: bearer(second.out.trim()) });
    expect(response.statusCode).toBe(200);
    await app.close();
  });

  it('grants only the scopes asked for', async () => {
    const app = developmentApp();
    const { out } = await token([]);
    expect((await app.inject({ url: '/v1/things/', headers: bearer(out.trim()) })).statusCode).toBe(403);
    await app.close();
  });

  it('is not trusted when an issuer is configured, nor in production', async () => {
    const { out } = await token(['--scope', 'things:read']);
    const withIssuer = developmentApp({ AUTH_ISSUER: 'http://127.0.0.1:9/', AUTH_JWKS_URL: 'http://127.0.0.1:9/jwks' });
    expect((await withIssuer.inject({ url: '/v1/things/', headers: bearer(out.trim()) })).statusCode).toBe(401);
    await withIssuer.close();

    const production = developmentApp({ NODE_ENV: 'production' });
    await expect(production.ready()).rejects.toThrow(
      new SettingsError(
        'AUTH_ISSUER',
        `Invalid setting AUTH_ISSUER="": expected the token issuer's URL, since NODE_ENV=production and operations such as GET /v1/things require a bearer token.`,
      ),
    );
  });

  it.each([
    [['--ttl', '0'], 'petsage: Invalid --ttl "0": expected whole seconds from 1 to 604800.'],
    [['--ttl', '1h'], 'petsage: Invalid --ttl "1h": expected whole seconds from 1 to 604800.'],
    [
      ['--scope', 'pets"read'],
      'petsage: Invalid scope "pets\\"read": expected printable characters without quotes or backslashes.',
    ],
    [['--sub', ' '], 'petsage: Invalid --sub "": expected a non-empty subject.'],
  ])('refuses %j with one line and exit 2', async (args, line) => {
    const fresh = join(root, 'untouched');
    const io = captureIo(root);
    const code = await run(['token', '--keys-dir', fresh, ...args], io);
    expect({ code, out: io.out, err: io.err }).toEqual({ code: 2, out: '', err: `${line}\n` });
    expect(existsSync(fresh)).toBe(false);
  });
});
