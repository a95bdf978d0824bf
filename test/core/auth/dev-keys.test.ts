/**
 * The development issuer's key file is read once for all the requests that need it at the same time: the
 * very first requests after start-up, all at once, are each served (none finds the read begun but not
 * finished), and so are the first requests with a key made after the service started.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { createApp } from '../../../src/app.js';
import { developmentToken, TOKEN_DEFAULTS } from '../../../tools/cli/token.js';
import { bearer } from '../../helpers/auth.js';
import { guardedFeature } from '../../helpers/guarded-feature.js';
import { testSettings } from '../../helpers/settings.js';

const CONCURRENT = 50;
const root = mkdtempSync(join(tmpdir(), 'petsage-dev-keys-'));
const keysDir = join(root, 'keys');
let app: FastifyInstance | undefined;

afterEach(async () => {
  await app?.close();
  app = undefined;
});
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

/** A token of the development key in keysDir (made there on first use). */
const devToken = () => developmentToken(root, { ...TOKEN_DEFAULTS, scope: ['things:read'], keysDir });

/** The development service listening on 127.0.0.1; its base URL. */
async function listening(): Promise<string> {
  app = createApp(
    testSettings({
      AUTH_DEV_KEYS_DIR: keysDir,
      // Many first requests from one address carry a token not verified yet: not what this test counts.
      RATE_LIMIT_UNAUTHENTICATED_MAX: '0',
    }),
    { features: [guardedFeature] },
  );
  return app.listen({ host: '127.0.0.1', port: 0 });
}

async function statusesAtOnce(url: string, token: string): Promise<number[]> {
  const calls = Array.from({ length: CONCURRENT }, () => fetch(`${url}/v1/things/`, { headers: bearer(token) }));
  return (await Promise.all(calls)).map((response) => response.status);
}

it('serves every one of many concurrent first requests with a valid development token', async () => {
  const token = await devToken();
  const url = await listening();
  expect(await statusesAtOnce(url, token)).toEqual(Array<number>(CONCURRENT).fill(200));
});

it('serves every one of many concurrent first requests with a key made while the service runs', async () => {
  const url = await listening();
  expect(await statusesAtOnce(url, await devToken())).toEqual(Array<number>(CONCURRENT).fill(200));
  // A new development key (as after deleting the folder): its tokens name a key id the service lacks.
  rmSync(keysDir, { recursive: true, force: true });
  const token = await devToken();
  // Past the once-a-second limit on reading the file again.
  await new Promise((resolve) => setTimeout(resolve, 1100));
  expect(await statusesAtOnce(url, token)).toEqual(Array<number>(CONCURRENT).fill(200));
});
