import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { testSettings } from '../helpers/settings.js';

describe('GET /metrics', () => {
  it('counts requests by route template, method and status, with durations and process metrics', async () => {
    const app = createApp(testSettings());
    for (let i = 0; i < 3; i++) await app.inject('/v1/smoke_test/');
    await app.inject('/random/a');
    await app.inject('/random/b');
    const response = await app.inject('/metrics');
    await app.close();

    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = response.body;
    expect(text).toMatch(/^http_requests_total\{route="\/v1\/smoke_test",method="GET",status="200"\} 3$/m);
    // Unmatched paths share one series, so random paths cannot grow the label set.
    expect(text).toMatch(/^http_requests_total\{route="unmatched",method="GET",status="404"\} 2$/m);
    expect(text).toMatch(
      /^http_request_duration_seconds_count\{route="\/v1\/smoke_test",method="GET",status="200"\} 3$/m,
    );
    expect(text).toContain('http_request_duration_seconds_bucket{le="0.001"');
    for (const name of ['nodejs_eventloop_lag_seconds', 'nodejs_heap_size_used_bytes', 'process_cpu_seconds_total']) {
      expect(text).toContain(`# TYPE ${name}`);
    }
  });

  it('is off with METRICS_ENABLED=false', async () => {
    const app = createApp(testSettings({ METRICS_ENABLED: 'false' }));
    const response = await app.inject('/metrics');
    await app.close();
    expect(response.statusCode).toBe(404);
  });
});
