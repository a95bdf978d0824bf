/**
 * Swagger UI's Authorize dialog with a pasted token, in headless Chromium against the built service in
 * production mode, trusting the test issuer (a real JWKS on 127.0.0.1): a protected operation executed
 * from the page answers 401 before and passes authentication after (whatever it then answers: the
 * database here is unreachable on purpose, so a resource answers 503).
 */
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestIssuer } from '../helpers/auth.js';
import { listeningUrl, startBuilt } from '../helpers/process.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

let issuer: TestIssuer;
let child: ChildProcess;
let url: string;
let browser: BrowserContext;
const userDataDir = mkdtempSync(join(tmpdir(), 'petsage-chromium-'));

interface Operation {
  security?: Record<string, string[]>[];
  parameters?: { in: string; required?: boolean }[];
}

beforeAll(async () => {
  issuer = await TestIssuer.start();
  child = startBuilt({
    HOST: '127.0.0.1',
    PORT: '0',
    SHUTDOWN_DELAY_MS: '0',
    DATABASE_URL: 'postgres://127.0.0.1:9/none',
    DATABASE_CONNECT_TIMEOUT_MS: '1000',
    ...issuer.settings(),
  });
  url = await listeningUrl(child);
  browser = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  });
});

afterAll(async () => {
  child.kill('SIGTERM');
  await once(child, 'exit');
  await (browser as BrowserContext | undefined)?.close();
  await issuer.close();
  rmSync(userDataDir, { recursive: true, force: true });
});

/** A protected GET operation that needs no parameter, from the served document; none in a tree without one. */
async function protectedRead(): Promise<{ path: string; scopes: string[] } | undefined> {
  const document = (await (await fetch(`${url}/v1/openapi.json`)).json()) as {
    paths: Record<string, Record<string, Operation>>;
  };
  for (const [path, operations] of Object.entries(document.paths)) {
    const get = operations.get;
    const scopes = get?.security?.[0]?.bearerAuth;
    if (get && scopes && !(get.parameters ?? []).some((parameter) => parameter.required)) return { path, scopes };
  }
  return undefined;
}

describe('/docs Authorize', () => {
  it('sends a pasted token with the operations executed from the page', async () => {
    const page = await browser.newPage();
    await page.goto(`${url}/docs`);
    const authorize = page.locator('.auth-wrapper .authorize');
    await authorize.waitFor({ timeout: 20_000 });

    const target = await protectedRead();
    const hasProtected = JSON.stringify(await (await fetch(`${url}/v1/openapi.json`)).json()).includes(
      '"bearerAuth":[',
    );
    expect(target !== undefined || !hasProtected).toBe(true);
    if (!target) return; // This tree has no protected operation: the button alone is what there is to see.
    const sent: (string | undefined)[] = [];
    page.on('request', (request) => {
      if (request.url().startsWith(`${url}${target.path}`)) sent.push(request.headers().authorization);
    });
    const operation = page.locator('.opblock-get', { has: page.locator(`[data-path="${target.path}"]`) });
    const execute = async (): Promise<string> => {
      await operation.getByRole('button', { name: 'Execute' }).click();
      const status = operation.locator('.live-responses-table .response .response-col_status').first();
      await expect.poll(async () => (await status.textContent())?.trim(), { timeout: 15_000 }).toMatch(/^\d{3}/);
      return (await status.textContent())?.trim() ?? '';
    };
    await operation.locator('.opblock-summary').first().click();
    await operation.getByRole('button', { name: 'Try it out' }).click();
    expect(await execute()).toBe('401');

    const token = await issuer.token({ scope: target.scopes.join(' ') });
    await authorize.click();
    await page.locator('.modal-ux input[type=text]').fill(token);
    await page.locator('.modal-ux button.modal-btn.authorize').click();
    await page.locator('.modal-ux button.btn-done').click();
    await operation.getByRole('button', { name: 'Clear' }).click();
    expect(await execute()).not.toMatch(/^40[13]/);
    expect(sent.at(-1)).toBe(`Bearer ${token}`);
  });
});
