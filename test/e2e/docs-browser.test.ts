/**
 * The /docs page in headless Chromium (Debian's package, driven by playwright-core): it shows the smoke
 * test operation and runs it from the page ("Try it out", "Execute", a 200 shown). A screenshot is kept
 * in test-results/ as an artifact; its 1.7 MB script bundle must arrive compressed and cacheable. The
 * flags keep Chromium off the network: the machines reach loopback only.
 */
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listeningUrl, startBuilt } from '../helpers/process.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARTIFACTS = 'test-results';

let child: ChildProcess;
let url: string;
let browser: BrowserContext;
const userDataDir = mkdtempSync(join(tmpdir(), 'petsage-chromium-'));

beforeAll(async () => {
  child = startBuilt({ HOST: '127.0.0.1', PORT: '0', SHUTDOWN_DELAY_MS: '0' });
  url = await listeningUrl(child);
  // A fresh, empty profile each run (Playwright passes it as --user-data-dir).
  browser = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
});

afterAll(async () => {
  // The server first, so a browser that failed to start cannot leave it running.
  child.kill('SIGTERM');
  await once(child, 'exit');
  await (browser as BrowserContext | undefined)?.close();
  rmSync(userDataDir, { recursive: true, force: true });
});

describe('/docs in a browser', () => {
  it('shows the smoke test operation and executes it from the page', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });

    const bundle = page.waitForResponse((response) => response.url().includes('/swagger-ui-bundle.js'));
    await page.goto(`${url}/docs`);
    // The 1.7 MB bundle arrives compressed (Chromium accepts br and gzip) and cacheable for a year.
    const bundleHeaders = await (await bundle).allHeaders();
    expect(bundleHeaders['content-encoding']).toMatch(/^(br|gzip)$/);
    expect(bundleHeaders['cache-control']).toBe('public, max-age=31536000, immutable');
    const operation = page.locator('.opblock-get', { hasText: '/v1/smoke_test/' });
    await operation.waitFor({ timeout: 20_000 });
    expect(await operation.textContent()).toContain('Perform a System Smoke Test');
    await expect.poll(() => page.locator('.opblock-get', { hasText: '/livez' }).count()).toBe(1);
    // HEAD is served wherever GET is, and the page lists it as its own operation.
    expect(await page.locator('.opblock-head', { hasText: '/v1/smoke_test/' }).count()).toBe(1);

    await operation.locator('.opblock-summary').click();
    await operation.getByRole('button', { name: 'Try it out' }).click();
    await operation.getByRole('button', { name: 'Execute' }).click();
    const status = operation.locator('.live-responses-table .response .response-col_status');
    await status.waitFor({ timeout: 10_000 });
    expect((await status.textContent())?.trim()).toBe('200');
    expect(await operation.locator('.live-responses-table .response').first().textContent()).toContain(
      'PetSage Backend is up and running!',
    );

    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: `${ARTIFACTS}/docs-smoke-test.png`, fullPage: true });
    // No blocked script or style (the page's CSP) and no other page error.
    expect(errors).toEqual([]);
  });
});
