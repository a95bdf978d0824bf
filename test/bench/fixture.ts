/** A fixed benchmark result, for deterministic renderer tests. */
import type { LoadResult } from '../../bench/lib/load.js';
import { compare, type Results } from '../../bench/lib/results.js';

const r = (rps: number, p99 = 2, cpuUsPerRequest = 40): LoadResult => ({
  rps,
  p50: 1,
  p99,
  max: 10,
  errors: 0,
  non2xx: 0,
  total: rps,
  cpuUsPerRequest,
});

export const fixedResults: Results = {
  date: '2026-01-01T00:00:00.000Z',
  mode: 'full',
  machine: { cpu: 'Test CPU', cores: 2, ramGb: 24, node: 'v20.0.0', platform: 'linux x64' },
  settings: { connections: 50, roundSeconds: 4, rounds: 2, warmupSeconds: 2 },
  featuresOn: {
    accessLogLinesPerRequest: 1,
    requestId: true,
    securityHeaders: ['x-content-type-options'],
    metrics: true,
    livez: true,
    readyz: false,
    responseHeaderBytes: 200,
  },
  load: compare(
    { bare: [r(50_000), r(60_000)], naive: [r(10_000), r(12_000)], service: [r(25_000), r(24_000)] },
    'service',
  ),
  cluster: { ...compare({ bare: [r(50_000)], cluster: [r(30_000)] }, 'cluster'), workers: 2 },
  auth: compare({ unauthenticated: [r(20_000), r(22_000)], authenticated: [r(18_000), r(19_800)] }, 'authenticated'),
  tracing: { ...compare({ untraced: [r(20_000), r(22_000)], traced: [r(16_000), r(17_600)] }, 'traced'), exports: 40 },
  rateLimits: {
    counting: compare(
      { unlimited: [r(20_000, 2, 50), r(20_000, 2, 50)], limited: [r(19_600, 2, 51), r(19_200, 2, 52)] },
      'limited',
    ),
    refusal: compare(
      { limited: [r(19_600, 2, 51), r(19_200, 2, 52)], refused: [r(20_200, 2, 49), r(19_800, 2, 50)] },
      'refused',
    ),
  },
  startup: {
    service: { runsMs: [300, 310, 320], medianMs: 310, rssAtFirst200Mb: 80, rssAfterLoadMb: 100, cpuMsAtFirst200: 250 },
    bare: { runsMs: [60, 70, 80], medianMs: 70, rssAtFirst200Mb: 45, cpuMsAtFirst200: 40, serviceOverBareMs: 240 },
    cluster: { medianMs: 400, rssAtFirst200Mb: { primary: 50, workers: 160, total: 210 } },
    withoutDatabase: { removed: ['pets'], features: 1, medianMs: 200, rssAtFirst200Mb: 70 },
  },
  scaling: {
    note: 'test',
    points: [
      { features: 2, startupMs: 300, rssMb: 80, rps: 25_000, p99: 2 },
      { features: 10, startupMs: 350, rssMb: 85, rps: 24_000, p99: 2 },
    ],
  },
  database: {
    write: compare({ bare: [r(4_000), r(4_200)], service: [r(3_000), r(3_100)] }, 'service'),
    read: compare(
      { bare: [r(10_000, 2, 45), r(10_000, 2, 45)], service: [r(9_000, 7, 50), r(9_500, 8, 52)] },
      'service',
    ),
    page: compare({ bare: [r(5_000), r(5_000)], service: [r(4_000), r(4_500)] }, 'service'),
    owner: compare({ owner: [r(9_000, 7, 50), r(9_100, 7, 50)], admin: [r(9_000, 7, 51), r(9_000, 7, 49)] }, 'owner'),
  },
  elapsedSeconds: 120,
};
