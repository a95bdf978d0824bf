/**
 * A deprecated feature version on the real app: its headers (RFC 9745, RFC 8594, successor link), its
 * OpenAPI operations flagged, its calls marked in the access log and counted in its metrics registry (served on the metrics port), and 410 Gone
 * problem documents from its sunset on. Versions that are not deprecated carry none of it.
 */
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { deprecationHeaders, type Deprecation } from '../../src/core/deprecation.js';
import type { FeatureModule } from '../../src/core/feature.js';
import { feature as smokeTest } from '../../src/features/smoke_test/v1/index.js';
import { capturingLogger } from '../helpers/logs.js';
import { testSettings } from '../helpers/settings.js';

/** smoke_test's router mounted at v1 (deprecated as given) and at v2 (current). */
function versions(deprecation: Deprecation): FeatureModule[] {
  const router = smokeTest.router;
  return [
    { name: 'smoke_test', version: 1, router, deprecation },
    { name: 'smoke_test', version: 2, router },
  ];
}

const FUTURE: Deprecation = { since: '2026-01-15', sunset: '2099-12-31' };

describe('deprecationHeaders', () => {
  it('gives the structured date, the HTTP-date and the successor link', () => {
    expect(deprecationHeaders(FUTURE, '/v2/pets/')).toEqual({
      deprecation: '@1768435200',
      sunset: 'Thu, 31 Dec 2099 00:00:00 GMT',
      link: '</v2/pets/>; rel="successor-version"',
    });
    expect(deprecationHeaders({ since: '2026-01-15' })).toEqual({ deprecation: '@1768435200' });
  });
});

describe('a deprecated version', () => {
  it('answers with Deprecation, Sunset and Link; the current version without them', async () => {
    const app = createApp(testSettings(), { features: versions(FUTURE) });
    const old = await app.inject('/v1/smoke_test/');
    const current = await app.inject('/v2/smoke_test/');
    await app.close();
    expect(old.statusCode).toBe(200);
    expect(old.headers).toMatchObject({
      deprecation: '@1768435200',
      sunset: 'Thu, 31 Dec 2099 00:00:00 GMT',
      link: '</v2/smoke_test/>; rel="successor-version"',
    });
    for (const header of ['deprecation', 'sunset', 'link']) expect(current.headers[header]).toBeUndefined();
  });

  it('lets allowed browser origins read the headers', async () => {
    const app = createApp(testSettings({ CORS_ORIGINS: 'https://app.example' }), { features: versions(FUTURE) });
    const response = await app.inject({ url: '/v1/smoke_test/', headers: { origin: 'https://app.example' } });
    await app.close();
    expect(response.headers['access-control-expose-headers']).toBe('Deprecation, Sunset, Link');
  });

  it('is flagged deprecated in its OpenAPI document only', async () => {
    const app = createApp(testSettings(), { features: versions(FUTURE) });
    const v1 = (await app.inject('/v1/openapi.json')).json<{ paths: Record<string, { get: object }> }>();
    const v2 = (await app.inject('/v2/openapi.json')).json<{ paths: Record<string, { get: object }> }>();
    await app.close();
    expect(v1.paths['/v1/smoke_test/']?.get).toMatchObject({ deprecated: true });
    expect(v2.paths['/v2/smoke_test/']?.get).not.toHaveProperty('deprecated');
  });

  it('marks its calls in the access log and counts them by feature and version', async () => {
    const { logger, lines } = capturingLogger();
    const app = createApp(testSettings(), { features: versions(FUTURE), logger });
    await app.inject('/v1/smoke_test/');
    await app.inject('/v1/smoke_test/');
    await app.inject('/v2/smoke_test/');
    const metrics = await app.metricsRegistry.metrics();
    await app.close();
    const logged = lines.filter((line) => line.msg === 'request');
    expect(logged.map((line) => [line.route, line.deprecated])).toEqual([
      ['/v1/smoke_test', true],
      ['/v1/smoke_test', true],
      ['/v2/smoke_test', undefined],
    ]);
    expect(metrics).toContain('petsage_deprecated_requests_total{feature="smoke_test",version="v1"} 2');
    expect(metrics).not.toContain('version="v2"');
  });

  it('answers 410 Gone problem documents from its sunset on', async () => {
    const app = createApp(testSettings(), { features: versions({ since: '2020-01-01', sunset: '2020-06-30' }) });
    const gone = await app.inject('/v1/smoke_test/');
    const current = await app.inject('/v2/smoke_test/');
    await app.close();
    expect(gone.statusCode).toBe(410);
    expect(gone.headers['content-type']).toBe('application/problem+json');
    expect(gone.headers.sunset).toBe('Tue, 30 Jun 2020 00:00:00 GMT');
    expect(gone.json()).toEqual({
      type: 'about:blank',
      title: 'Gone',
      status: 410,
      detail: 'Version 1 of smoke_test was retired on 2020-06-30; use /v2/smoke_test/ instead.',
    });
    expect(current.statusCode).toBe(200);
  });
});
