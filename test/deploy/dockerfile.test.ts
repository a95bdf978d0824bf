/**
 * No Docker engine runs here, so the Dockerfile is checked by reading it (this test) and by running its
 * steps outside Docker (test/e2e/container-steps.test.ts).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadSettings } from '../../src/config.js';
import { argsOf, argvOf, dockerfileStages, envOf, imageCommand, labelsOf } from '../helpers/dockerfile.js';

const packageJson = JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> };
const stages = dockerfileStages();
const dockerfile = stages.flat();
const final = stages.at(-1) ?? [];

describe('Dockerfile', () => {
  it('is multi-stage, named stages, on one current Node LTS slim image pinned by digest', () => {
    const froms = argsOf(dockerfile, 'FROM');
    expect(froms.length).toBeGreaterThanOrEqual(2);
    for (const from of froms) expect(from).toMatch(/^node:(22|24)-slim@sha256:[0-9a-f]{64} AS \w+$/);
    expect(new Set(froms.map((from) => from.split(' ')[0])).size).toBe(1);
  });

  it('installs with the lockfile (npm ci) and builds with a script package.json has', () => {
    const buildRuns = argsOf(stages[0] ?? [], 'RUN').join(' && ');
    expect(buildRuns).toMatch(/\bnpm ci\b/);
    for (const [, script] of buildRuns.matchAll(/npm run (\S+)/g)) {
      expect(packageJson.scripts).toHaveProperty(script ?? '');
    }
    expect(buildRuns).toContain('npm run build');
  });

  it('keeps production dependencies only in the final stage, with the build copied from the first', () => {
    expect(argsOf(final, 'RUN').join(' ')).toMatch(/npm ci --omit=dev/);
    expect(argsOf(final, 'COPY')).toContain('--from=build /app/dist ./dist');
  });

  it('runs as the non-root node user, listening on 0.0.0.0 at the port it exposes, which is the default PORT', () => {
    expect(argsOf(final, 'USER')).toEqual(['node']);
    const env = argsOf(final, 'ENV').join(' ');
    expect(env).toContain('HOST=0.0.0.0');
    expect(env).toContain('NODE_ENV=production');
    expect(argsOf(final, 'EXPOSE')).toEqual([String(loadSettings({}).PORT)]);
  });

  it("warms Node's compile cache at build time, as the user that serves (Node keeps one cache per user id)", () => {
    const cache = envOf(final).NODE_COMPILE_CACHE ?? '';
    expect(cache).toMatch(/^\/app\//);
    const at = (keyword: string, args: string) => final.findIndex((i) => i.keyword === keyword && i.args === args);
    const made = at('RUN', `install -d -o node -g node ${cache}`);
    const user = at('USER', 'node');
    const warmed = at('RUN', '["node", "dist/warm-compile-cache.js"]');
    expect(made).toBeGreaterThan(0);
    expect(user).toBeGreaterThan(made);
    expect(warmed).toBeGreaterThan(Math.max(user, at('COPY', '--from=build /app/dist ./dist')));
  });

  it('starts node itself (not npm, so SIGTERM reaches the server), running the same file as npm start', () => {
    const argv = argvOf(final, 'CMD');
    expect(argv[0]).toBe('node');
    expect(packageJson.scripts.start).toBe(argv.join(' '));
  });

  it("runs under tini as PID 1, installed from Debian's package in the final stage", () => {
    expect(argvOf(final, 'ENTRYPOINT')).toEqual(['/usr/bin/tini', '--']);
    expect(imageCommand(final).slice(2)).toEqual(argvOf(final, 'CMD'));
    const runs = argsOf(final, 'RUN').join(' ');
    expect(runs).toMatch(/apt-get install -y --no-install-recommends tini\b/);
    expect(runs).toMatch(/rm -rf \/var\/lib\/apt\/lists/);
  });

  it('labels the image the OCI way, with source, revision, version and creation time from build arguments', () => {
    const labels = labelsOf(final);
    const declared = argsOf(final, 'ARG').flatMap((args) => [...args.matchAll(/(\w+)=/g)].map(([, name]) => name));
    for (const key of ['source', 'revision', 'version', 'created']) {
      const value = labels[`org.opencontainers.image.${key}`];
      expect(value, key).toMatch(/^\$\{(\w+)\}$/);
      expect(declared).toContain(/^\$\{(\w+)\}$/.exec(value ?? '')?.[1]);
    }
    expect(labels['org.opencontainers.image.title']).toBe('petsage-backend');
    expect(labels['org.opencontainers.image.base.name']).toBe(
      `docker.io/library/${argsOf(final, 'FROM')[0]?.split('@')[0]}`,
    );
  });

  it('checks health with node against /livez', () => {
    const [healthcheck] = argsOf(final, 'HEALTHCHECK');
    expect(healthcheck).toMatch(/CMD \["node", "-e", .*\/livez/);
  });

  it('has a .dockerignore that keeps node_modules, dist and .git out of the build context', () => {
    const ignored = readFileSync('.dockerignore', 'utf8').split('\n');
    for (const entry of ['node_modules', 'dist', '.git']) expect(ignored).toContain(entry);
  });
});
