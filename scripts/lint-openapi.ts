/**
 * `npm run lint:openapi`: every API version's OpenAPI document, as the service serves it with default
 * settings and every registered feature, linted by Redocly CLI (recommended ruleset, redocly.yaml) and
 * Spectral (its OpenAPI and OWASP rulesets, .spectral.yaml); and the same documents once every feature is
 * deprecated with a sunset and a successor, which is how they will read after `petsage feature deprecate`.
 * Any error or warning fails the run; the exceptions, each with its reason, live in those two files (see
 * docs/openapi.md).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { createApp } from '../src/app.js';
import { loadSettings } from '../src/config.js';
import type { FeatureModule } from '../src/core/features/feature.js';
import { openApiPath } from '../src/core/openapi/plugin.js';
import { features } from '../src/features/registry.js';

const BIN = join('node_modules', '.bin');
// Redocly CLI reports usage to its makers unless told not to, and checks for updates: neither here.
const ENV = { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' };

interface RedoclyReport {
  totals: { errors: number; warnings: number };
  problems: { ruleId: string; severity: string; message: string; location: { pointer?: string }[] }[];
}

/**
 * The registered versions, each deprecated with a sunset, and every feature's newest version again as the
 * next version, their successor.
 */
function deprecatedTree(): FeatureModule[] {
  const next = Math.max(...features.map((feature) => feature.version)) + 1;
  const newest = new Map(features.map((feature) => [feature.name, feature]));
  return [
    ...features.map((feature) => ({ ...feature, deprecation: { since: '2026-01-15', sunset: '2099-12-31' } })),
    ...[...newest.values()].map((feature) => ({ ...feature, version: next })),
  ];
}

/** The documents of `versions`, served by an app of `mounted`, written into `dir` named `<label>v<N>`. */
async function writeDocuments(
  dir: string,
  label: string,
  mounted: readonly FeatureModule[],
  versions: readonly number[],
): Promise<string[]> {
  // Production settings with a URL nothing is asked of: a feature that uses the database needs none for its documents.
  // No token is verified (AUTH_REQUIRED=false), so no issuer is needed; the documents still declare security.
  const settings = loadSettings({
    LOG_LEVEL: 'silent',
    NODE_ENV: 'production',
    DATABASE_URL: 'postgres://unused.invalid/none',
    // Production demands a cursor key; the documents sign no cursor.
    CURSOR_SECRET: 'documents only: no cursor is ever signed here',
    AUTH_REQUIRED: 'false',
  });
  const app = createApp(settings, { features: mounted });
  try {
    const files: string[] = [];
    for (const version of versions) {
      const response = await app.inject(openApiPath(settings, version));
      if (response.statusCode !== 200) throw new Error(`v${version}: the document answered ${response.statusCode}`);
      const file = join(dir, `${label}v${version}.openapi.json`);
      writeFileSync(file, JSON.stringify(response.json(), null, 2));
      files.push(file);
    }
    return files;
  } finally {
    await app.close();
  }
}

/** Redocly exits 0 on warnings, so its JSON report (one per document) is read and every problem counted. */
function redocly(files: string[]): number {
  let count = 0;
  for (const file of files) {
    const run = spawnSync(join(BIN, 'redocly'), ['lint', '--config', 'redocly.yaml', '--format', 'json', file], {
      encoding: 'utf8',
      env: ENV,
    });
    const report = JSON.parse(run.stdout) as RedoclyReport;
    for (const problem of report.problems) {
      console.log(
        `redocly ${problem.severity} ${problem.ruleId}: ${problem.message} (${problem.location[0]?.pointer ?? ''})`,
      );
    }
    console.log(`redocly ${basename(file)}: ${report.totals.errors} errors, ${report.totals.warnings} warnings`);
    count += report.totals.errors + report.totals.warnings;
  }
  return count;
}

function spectral(files: string[]): number {
  const run = spawnSync(
    join(BIN, 'spectral'),
    ['lint', '--ruleset', '.spectral.yaml', '--fail-severity', 'warn', '--display-only-failures', ...files],
    { encoding: 'utf8', env: ENV, stdio: ['ignore', 'inherit', 'inherit'] },
  );
  console.log(`spectral: ${run.status === 0 ? 'no problems' : 'problems above'}`);
  return run.status === 0 ? 0 : 1;
}

const dir = mkdtempSync(join(tmpdir(), 'petsage-openapi-'));
try {
  const versions = [...new Set(features.map((feature) => feature.version))].sort((a, b) => a - b);
  const files = [
    ...(await writeDocuments(dir, '', features, versions)),
    ...(await writeDocuments(dir, 'deprecated-', deprecatedTree(), versions)),
  ];
  const problems = redocly(files) + spectral(files);
  process.exitCode = problems === 0 ? 0 : 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
