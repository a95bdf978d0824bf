import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { createMetricsServer, listenMetrics, registrySource } from '../../src/core/observability/metrics-server.js';
import { API_SECURITY_HEADERS } from '../../src/core/protection/security-headers.js';
import { testSettings } from '../helpers/settings.js';

async function withMetricsServer<T>(server: Server, use: (url: string) => Promise<T>): Promise<T> {
  const url = await listenMetrics(server, '127.0.0.1', 0);
  try {
    return await use(url);
  } finally {
    server.close();
  }
}

describe('metrics', () => {
  it('counts requests by route template, method and status, with durations and process metrics', async () => {
    const app = createApp(testSettings());
    for (let i = 0; i < 3; i++) await app.inject('/v1/smoke_test/');
    await app.inject('/random/a');
    await app.inject('/random/b');
    const onApiPort = await app.inject('/metrics');
    const scrape = await withMetricsServer(createMetricsServer(registrySource(app.metricsRegistry)), (url) =>
      fetch(`${url}/metrics`),
    );
    await app.close();

    // Not on the API's port: only the metrics port serves it.
    expect(onApiPort.statusCode).toBe(404);
    expect(scrape.status).toBe(200);
    expect(scrape.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await scrape.text();
    expect(text).toMatch(/^http_requests_total\{route="\/v1\/smoke_test",method="GET",status="200"\} 3$/m);
    // Unmatched paths share one series, so random paths cannot grow the label set; /metrics is one of them.
    expect(text).toMatch(/^http_requests_total\{route="unmatched",method="GET",status="404"\} 3$/m);
    expect(text).toMatch(
      /^http_request_duration_seconds_count\{route="\/v1\/smoke_test",method="GET",status="200"\} 3$/m,
    );
    expect(text).toContain('http_request_duration_seconds_bucket{le="0.001"');
    expect(text).toContain('# TYPE http_connections_dropped_total counter');
    for (const name of ['nodejs_eventloop_lag_seconds', 'nodejs_heap_size_used_bytes', 'process_cpu_seconds_total']) {
      expect(text).toContain(`# TYPE ${name}`);
    }
  });

  it('counts each request once however often it is scraped, and keeps counting between scrapes', async () => {
    const app = createApp(testSettings());
    const scrape = async (): Promise<string> => app.metricsRegistry.metrics();
    const smokeCount = (text: string): string | undefined =>
      /^http_requests_total\{route="\/v1\/smoke_test",method="GET",status="200"\} (\d+)$/m.exec(text)?.[1];
    await app.inject('/v1/smoke_test/');
    const first = await scrape();
    const again = await scrape();
    for (let i = 0; i < 4; i++) await app.inject('/v1/smoke_test/');
    const later = await scrape();
    await app.close();
    expect([smokeCount(first), smokeCount(again), smokeCount(later)]).toEqual(['1', '1', '5']);
  });

  it('answers anything but GET /metrics on the metrics port with a problem document', async () => {
    const app = createApp(testSettings());
    await app.ready();
    const [other, post] = await withMetricsServer(createMetricsServer(registrySource(app.metricsRegistry)), (url) =>
      Promise.all([fetch(`${url}/v1/smoke_test/`), fetch(`${url}/metrics`, { method: 'POST' })]),
    );
    await app.close();
    expect(other.status).toBe(404);
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
    for (const response of [other, post]) {
      expect(response.headers.get('content-type')).toBe('application/problem+json');
      for (const [name, value] of Object.entries(API_SECURITY_HEADERS)) expect(response.headers.get(name)).toBe(value);
    }
  });

  it('refuses a metrics port already taken with the listen error', async () => {
    const source = { contentType: 'text/plain', collect: async () => '' };
    const first = createMetricsServer(source);
    await withMetricsServer(first, async () => {
      const { port } = first.address() as AddressInfo;
      await expect(listenMetrics(createMetricsServer(source), '127.0.0.1', port)).rejects.toThrow(/EADDRINUSE/);
    });
  });

  it('is off with METRICS_ENABLED=false', async () => {
    const app = createApp(testSettings({ METRICS_ENABLED: 'false' }));
    await app.ready();
    expect(app.hasDecorator('metricsRegistry')).toBe(false);
    await app.close();
  });
});
