/**
 * The Dockerfile's steps, run outside Docker (no engine on these machines). Build stage: copy in what its
 * COPY lines name (read from the Dockerfile), `npm ci`, `npm run build`. Final stage, in a second directory:
 * package.json, the lockfile and dist/ only, `npm ci --omit=dev`, the compile cache warmed, then the image's
 * command (ENTRYPOINT, tini from Debian's package as in the image, then CMD), stopped by SIGTERM as
 * Kubernetes stops it.
 */
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import * as nodeModule from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { contextCopies, dockerfileStages, imageCommand } from '../helpers/dockerfile.js';
import { listeningUrl, UNUSED_ISSUER, waitForExit } from '../helpers/process.js';
import { TEST_CURSOR_SECRET } from '../helpers/settings.js';

// Exactly what the Dockerfile's build stage copies in, so a file the build needs but the image lacks fails here.
const CONTEXT = contextCopies(dockerfileStages()[0] ?? []);
const [command = '', ...commandArgs] = imageCommand(dockerfileStages().at(-1) ?? []);
const buildDir = mkdtempSync(join(tmpdir(), 'petsage-image-build-'));
const runtimeDir = mkdtempSync(join(tmpdir(), 'petsage-image-runtime-'));

afterAll(() => {
  for (const dir of [buildDir, runtimeDir]) rmSync(dir, { recursive: true, force: true });
});

function npm(cwd: string, ...args: string[]): void {
  execFileSync('npm', [...args, '--no-audit', '--no-fund', '--prefer-offline'], { cwd, stdio: 'pipe' });
}

describe("the Dockerfile's steps, outside Docker", () => {
  it('builds, then serves the smoke test and the docs from dist/ with production dependencies only, under tini', async () => {
    for (const entry of CONTEXT) cpSync(entry, join(buildDir, entry), { recursive: true });
    npm(buildDir, 'ci');
    npm(buildDir, 'run', 'build');

    for (const entry of ['package.json', 'package-lock.json']) cpSync(entry, join(runtimeDir, entry));
    cpSync(join(buildDir, 'dist'), join(runtimeDir, 'dist'), { recursive: true });
    npm(runtimeDir, 'ci', '--omit=dev');
    expect(existsSync(join(runtimeDir, 'node_modules/typescript'))).toBe(false);
    expect(existsSync(join(runtimeDir, 'src'))).toBe(false);

    // The image's ENTRYPOINT runs Debian's tini (`apt-get install -y tini` here, as .ci/run does).
    expect(existsSync(command), `${command} (Debian's tini package) must be installed`).toBe(true);
    // Production wants a database and an issuer once features need them: the run's shared database, and an
    // issuer this test never asks (it calls no protected route).
    // A free metrics port: the default one would collide with parallel runs.
    const env = {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'production',
      CURSOR_SECRET: TEST_CURSOR_SECRET,
      HOST: '127.0.0.1',
      PORT: '0',
      METRICS_PORT: '0',
      DATABASE_URL: inject('sharedDatabaseUrl'),
      AUTH_ISSUER: UNUSED_ISSUER,
    };
    // The image's migration command (the Kubernetes init container's) runs from dist/ alone too.
    execFileSync(process.execPath, ['dist/migrate.js'], { cwd: runtimeDir, env, stdio: 'pipe' });
    // The image's compile cache, warmed at build time (its ENV names the folder; here, one in this copy).
    const cache = { NODE_COMPILE_CACHE: join(runtimeDir, 'compile-cache') };
    execFileSync(process.execPath, ['dist/warm-compile-cache.js'], {
      cwd: runtimeDir,
      env: { ...env, ...cache },
      stdio: 'pipe',
    });
    expect(existsSync(cache.NODE_COMPILE_CACHE)).toBe('enableCompileCache' in nodeModule);
    const child = spawn(command, commandArgs, {
      cwd: runtimeDir,
      env: { ...env, ...cache, SHUTDOWN_DELAY_MS: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = waitForExit(child);
    try {
      const url = await listeningUrl(child);
      const response = await fetch(`${url}/v1/smoke_test/`);
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ status: 'ok', feature: 'smoke_test' });
      expect((await fetch(`${url}/livez`)).status).toBe(200);
      // The docs stack is the part of the bundle loaded from node_modules, with its own static files.
      const docs = await fetch(`${url}/docs`);
      expect(docs.status).toBe(200);
      expect(docs.headers.get('content-type')).toMatch(/^text\/html/);
      // Read to the end: a response still unread at SIGTERM is in flight, and rightly holds the drain.
      const css = await fetch(`${url}/docs/static/swagger-ui.css`);
      expect(css.status).toBe(200);
      await css.arrayBuffer();
      // tini passes SIGTERM on to node, whose graceful shutdown exits 0, and tini exits with node's code.
      child.kill('SIGTERM');
      const { code, stdout, stderr } = await exited;
      expect(code, stderr).toBe(0);
      expect(stdout).toContain('"signal":"SIGTERM"');
      expect(stdout).toContain('"msg":"shutdown: complete"');
    } finally {
      child.kill('SIGKILL');
      await exited;
    }
  }, 180_000);
});
