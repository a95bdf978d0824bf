/**
 * A deprecated feature version on the real app: its headers (RFC 9745, RFC 8594, successor link), its
 * OpenAPI operations flagged, its calls marked in the access log and counted in its metrics registry (served on the metrics port), and 410 Gone
 * problem documents from its sunset on. Versions that are not deprecated carry none of it.
 */
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { deprecationHeaders, type Deprecation } from '../../src/core/features/deprecation.js';
import type { FeatureModule } from '../../src/core/features/feature.js';
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

interface Document {
  paths: Record<string, { get: { responses: Record<string, { headers?: Record<string, object>; content?: object }> } }>;
  components?: { headers?: Record<string, object> };
}

/** The v1 (deprecated as given) and v2 OpenAPI documents. */
async function documents(deprecation: Deprecation): Promise<[Document, Document]> {
  const app = createApp(testSettings(), { features: versions(deprecation) });
  try {
    return [(await app.inject('/v1/openapi.json')).json(), (await app.inject('/v2/openapi.json')).json()];
  } finally {
    await app.close();
  }
}

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
    const [v1, v2] = await documents(FUTURE);
    expect(v1.paths['/v1/smoke_test/']?.get).toMatchObject({ deprecated: true });
    expect(v2.paths['/v2/smoke_test/']?.get).not.toHaveProperty('deprecated');
  });

  it('documents its headers, sure on its successes and its 410, and the 410 once it has a sunset', async () => {
    const [v1, v2] = await documents(FUTURE);
    const deprecated = v1.paths['/v1/smoke_test/']?.get.responses ?? {};
    for (const status of ['200', '410']) {
      for (const header of ['Deprecation', 'Sunset', 'Link']) {
        expect(deprecated[status]?.headers?.[header]).toMatchObject({ required: true });
      }
    }
    expect(deprecated['410']?.content).toHaveProperty(['application/problem+json']);
    // Errors the core may answer before the version's hook: the headers are possible there, not sure.
    expect(deprecated['400']?.headers?.Deprecation).toEqual({ $ref: '#/components/headers/Deprecation' });
    expect(v1.components?.headers?.Deprecation).toMatchObject({ schema: { pattern: '^@[0-9]+$' } });

    // What it documents is what it sends.
    const app = createApp(testSettings(), { features: versions(FUTURE) });
    const sent = (await app.inject('/v1/smoke_test/')).headers;
    await app.close();
    for (const header of ['Deprecation', 'Sunset', 'Link']) {
      const { schema } = deprecated['200']?.headers?.[header] as { schema: { pattern: string; maxLength: number } };
      const value = String(sent[header.toLowerCase()]);
      expect(value).toMatch(new RegExp(schema.pattern));
      expect(value.length).toBeLessThanOrEqual(schema.maxLength);
    }

    const current = v2.paths['/v2/smoke_test/']?.get.responses ?? {};
    expect(current).not.toHaveProperty('410');
    expect(current['200']?.headers).not.toHaveProperty('Deprecation');
    expect(current['400']).toEqual({ $ref: '#/components/responses/BadRequest' });
  });

  it('documents no Sunset and no 410 without a sunset date', async () => {
    const [v1] = await documents({ since: '2026-01-15' });
    const responses = v1.paths['/v1/smoke_test/']?.get.responses ?? {};
    expect(responses).not.toHaveProperty('410');
    expect(Object.keys(responses['200']?.headers ?? {})).toEqual(
      expect.arrayContaining(['Deprecation', 'Link']) as unknown,
    );
    expect(responses['200']?.headers).not.toHaveProperty('Sunset');
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
