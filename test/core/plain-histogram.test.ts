import { AggregatorRegistry, Histogram, Registry, type OpenMetricsContentType } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { PlainHistogram } from '../../src/core/observability/plain-histogram.js';

const BUCKETS = [0.001, 0.005, 0.01, 0.5];
const LABEL_NAMES = ['route', 'status'] as const;
type Observation = [route: string, status: string, seconds: number];

// Below the first bound, exactly on bounds, between them, above the last, zero, and label values that the
// exposition must escape; the series are first observed in an order that is not their creation's.
const OBSERVATIONS: Observation[] = [
  ['/b', '200', 0.0004],
  ['/a "quoted"\\path\n', '500', 0.001],
  ['/b', '200', 0.005],
  ['/a "quoted"\\path\n', '500', 0.0071],
  ['/b', '200', 2.5],
  ['/b', '200', 0],
  ['/a "quoted"\\path\n', '500', 0.5],
  ['/b', '200', 0.1 + 0.2],
];

function openMetricsRegistry(): Registry<OpenMetricsContentType> {
  const registry = new Registry<OpenMetricsContentType>();
  registry.setContentType(Registry.OPENMETRICS_CONTENT_TYPE);
  return registry;
}

/** The same observations through prom-client's Histogram and through PlainHistogram, each in its own registry. */
function observeBoth(
  observations: Observation[],
  newRegistry: () => Registry | Registry<OpenMetricsContentType> = () => new Registry(),
) {
  const library = newRegistry();
  const plain = newRegistry();
  const options = { name: 'request_seconds', help: 'Time to answer.', labelNames: LABEL_NAMES, buckets: BUCKETS };
  const theirs = new Histogram({ ...options, registers: [library] });
  const ours = new PlainHistogram({ ...options, registers: [plain] });
  // A series made before any observation, and one never observed, as metrics.ts and database/metrics.ts make them.
  ours.series({ route: '/never', status: '200' });
  theirs.labels({ route: '/never', status: '200' });
  for (const [route, status, seconds] of observations) {
    theirs.labels({ route, status }).observe(seconds);
    ours.series({ route, status }).observe(seconds);
  }
  return { library, plain, ours };
}

describe('PlainHistogram', () => {
  it('writes the exposition text prom-client writes for the same observations', async () => {
    const { library, plain } = observeBoth(OBSERVATIONS);
    const text = await plain.metrics();
    expect(text).toBe(await library.metrics());
    expect(text).toContain('request_seconds_bucket{le="0.005",route="/b",status="200"} 3');
    expect(text).toContain('request_seconds_count{route="/b",status="200"} 5');
    expect(text).not.toContain('/never');
  });

  it('writes the same OpenMetrics text', async () => {
    const { library, plain } = observeBoth(OBSERVATIONS, openMetricsRegistry);
    expect(await plain.metrics()).toBe(await library.metrics());
  });

  it('answers the same JSON, which a cluster primary sums to the same text', async () => {
    const first = observeBoth(OBSERVATIONS);
    const second = observeBoth(OBSERVATIONS.slice(2));
    expect(await first.plain.getMetricsAsJSON()).toStrictEqual(await first.library.getMetricsAsJSON());
    const summed = async (name: 'library' | 'plain') =>
      AggregatorRegistry.aggregate([
        await first[name].getMetricsAsJSON(),
        await second[name].getMetricsAsJSON(),
      ]).metrics();
    expect(await summed('plain')).toBe(await summed('library'));
  });

  it('lists nothing before the first observation', async () => {
    const { library, plain } = observeBoth([]);
    expect(await plain.metrics()).toBe(await library.metrics());
    expect(await plain.metrics()).not.toContain('request_seconds_count');
  });

  it('keeps one series per label values, and gives a counter each observation once', () => {
    const { ours } = observeBoth(OBSERVATIONS);
    const series = ours.series({ route: '/b', status: '200' });
    expect(ours.series({ status: '200', route: '/b' })).toBe(series);
    expect(ours.series({ route: '/b', status: '500' })).not.toBe(series);
    expect(series.takeUncounted()).toBe(5);
    expect(series.takeUncounted()).toBe(0);
    series.observe(0.002);
    series.observe(0.003);
    expect(series.takeUncounted()).toBe(2);
    expect(ours.series({ route: '/a "quoted"\\path\n', status: '500' }).takeUncounted()).toBe(3);
  });

  it('refuses a value that is not a finite number, as prom-client does, and records nothing of it', async () => {
    const { library, plain, ours } = observeBoth(OBSERVATIONS);
    const before = await plain.metrics();
    const series = ours.series({ route: '/b', status: '200' });
    for (const value of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
      expect(() => {
        series.observe(value);
      }).toThrow(TypeError);
    }
    expect(series.takeUncounted()).toBe(5);
    expect(await plain.metrics()).toBe(before);
    expect(before).toBe(await library.metrics());
  });

  it('refuses buckets that are not ascending', () => {
    const registry = new Registry();
    for (const buckets of [
      [0.5, 0.1],
      [0.1, 0.1],
    ]) {
      expect(
        () => new PlainHistogram({ name: 'bad', help: 'Bad.', labelNames: [], buckets, registers: [registry] }),
      ).toThrow(/buckets must be ascending/);
    }
    expect(registry.getMetricsAsArray()).toHaveLength(0);
  });
});
