/**
 * No Docker engine runs here, so the Dockerfile is checked by reading it (this test) and by running its
 * steps outside Docker (test/e2e/container-steps.test.ts).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadSettings } from '../../src/config.js';
import { argsOf, dockerfileStages } from '../helpers/dockerfile.js';

const packageJson = JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> };
const stages = dockerfileStages();
const dockerfile = stages.flat();
const final = stages.at(-1) ?? [];

describe('Dockerfile', () => {
  it('is multi-stage, on a current Node LTS slim image, named stages', () => {
    const froms = argsOf(dockerfile, 'FROM');
    expect(froms.length).toBeGreaterThanOrEqual(2);
    for (const from of froms) expect(from).toMatch(/^node:(22|24)-slim AS \w+$/);
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

  it('starts with node itself (not npm, so SIGTERM reaches the server), running the same file as npm start', () => {
    const [cmd] = argsOf(final, 'CMD');
    const argv = JSON.parse(cmd ?? '[]') as string[];
    expect(argv[0]).toBe('node');
    expect(packageJson.scripts.start).toBe(argv.join(' '));
    expect(argsOf(final, 'ENTRYPOINT')).toEqual([]);
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
