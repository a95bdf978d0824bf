/**
 * The linters' exceptions (redocly.yaml, .spectral.yaml) cover only what they name: a document that breaks
 * the same rules elsewhere (a trailing slash on a path that is not a feature's root, rate-limit headers
 * missing on an operation that is not a probe) is still reported by both linters; and the rules that stand in
 * for OWASP's security rules report an operation that states no security, and a protected one without a 401.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.js';
import { feature as smokeTest } from '../src/features/smoke_test/v1/index.js';
import { testSettings } from './helpers/settings.js';

const dir = mkdtempSync(join(tmpdir(), 'petsage-lint-config-'));
const file = join(dir, 'broken.openapi.json');
const ENV = { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' };

beforeAll(async () => {
  const app = createApp(testSettings(), { features: [smokeTest] });
  const document = (await app.inject('/v1/openapi.json')).json<{ paths: Record<string, { get: object }> }>();
  await app.close();
  const { paths } = document;
  // A feature's sub-path with a trailing slash, and a probe-like operation that is not a probe.
  paths['/v1/smoke_test/extra/'] = { get: { ...paths['/v1/smoke_test/']?.get, operationId: 'getSmokeTestExtraV1' } };
  paths['/v1/unlimited'] = { get: { ...paths['/livez']?.get, operationId: 'getUnlimitedV1' } };
  // An operation that states no security, and a protected one that documents no 401.
  const unstated: Record<string, unknown> = { ...paths['/v1/smoke_test/']?.get, operationId: 'getUnstatedV1' };
  delete unstated.security;
  paths['/v1/unstated'] = { get: unstated };
  paths['/v1/guarded'] = {
    get: { ...paths['/v1/smoke_test/']?.get, operationId: 'getGuardedV1', security: [{ bearerAuth: ['x:read'] }] },
  };
  writeFileSync(file, JSON.stringify(document, null, 2));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('the OpenAPI lint exceptions', () => {
  it('Redocly still refuses a trailing slash on a path that is not a feature root', () => {
    const run = spawnSync('node_modules/.bin/redocly', ['lint', '--config', 'redocly.yaml', '--format', 'json', file], {
      encoding: 'utf8',
      env: ENV,
    });
    const report = JSON.parse(run.stdout) as { problems: { ruleId: string; location: { pointer: string }[] }[] };
    const found = report.problems.map((problem) => [problem.ruleId, problem.location[0]?.pointer]);
    expect(found).toEqual([
      ['rule/no-path-trailing-slash-except-feature-root', '#/paths/~1v1~1smoke_test~1extra~1/get'],
      // This document declares no bearerAuth (no protected feature is mounted), and one operation states nothing.
      ['security-defined', '#/paths/~1v1~1guarded/get/security/0/bearerAuth'],
      ['security-defined', '#/paths/~1v1~1unstated/get'],
    ]);
  });

  it('Spectral still reports the slash, missing rate limits anywhere but the probes, and unstated or unanswered security', () => {
    const run = spawnSync(
      'node_modules/.bin/spectral',
      ['lint', '--ruleset', '.spectral.yaml', '--format', 'json', file],
      {
        encoding: 'utf8',
        env: ENV,
      },
    );
    const results = JSON.parse(run.stdout) as { code: string; path: string[] }[];
    const found = new Set(results.map((result) => `${result.code} ${result.path.slice(0, 2).join(' ')}`));
    expect([...found].sort()).toEqual([
      'operation-security-stated paths /v1/unstated',
      'owasp:api4:2023-rate-limit-responses-429 paths /v1/unlimited',
      'path-keys-no-trailing-slash-except-feature-root paths /v1/smoke_test/extra/',
      'protected-operation-defines-401 paths /v1/guarded',
      'rate-limit-headers-defined paths /v1/unlimited',
    ]);
  });
});
