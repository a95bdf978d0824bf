/**
 * A Prometheus histogram whose observation is a bucket search and three additions. prom-client's own
 * `observe`, even on a series taken from `labels()`, builds a label object and validates and hashes the
 * labels on every call: about 5 k instructions, one twenty-fifth of a smoke request (`npm run
 * bench:instructions`). Here a series is found once (`series(labels)`), keeps its counts in plain numbers,
 * and is laid out only when the registry is read.
 *
 * A prom-client Registry needs of a metric only its name, help, type, aggregator and `get()` (its
 * registry.js), and `get()` answers what prom-client's Histogram answers for the same observations, so the
 * exposition text and a cluster primary's sums are the same;
 * test/core/plain-histogram.test.ts holds the two equal.
 */
import type { Metric, OpenMetricsContentType, Registry } from 'prom-client';

type Labels<L extends string> = Readonly<Record<L, string>>;

interface HistogramValue {
  value: number;
  metricName: string;
  exemplar: null | undefined;
  labels: Record<string, string | number>;
}

export class HistogramSeries<L extends string = string> {
  /** Observations per bucket, not cumulative; those above every bound are counted only in `count`. */
  private readonly counts: number[];
  private sum = 0;
  private count = 0;
  /** `count` when `takeUncounted` last ran. */
  private counted = 0;

  constructor(
    private readonly histogram: PlainHistogram<L>,
    readonly labels: Labels<L>,
  ) {
    this.counts = histogram.buckets.map(() => 0);
  }

  observe(value: number): void {
    if (!Number.isFinite(value)) throw new TypeError(`Value is not a valid number: ${String(value)}`);
    const bounds = this.histogram.buckets;
    let bucket = 0;
    while (bucket < bounds.length && value > (bounds[bucket] as number)) bucket += 1;
    if (bucket < bounds.length) this.counts[bucket] = (this.counts[bucket] as number) + 1;
    this.sum += value;
    // prom-client lists a series from its first observation on, in the order of first observations.
    if (this.count === 0) this.histogram.observed.push(this);
    this.count += 1;
  }

  /**
   * Observations since the last call: what a counter of the same events (a prom-client Counter's `collect`)
   * has yet to add, so that the events are counted here only.
   */
  takeUncounted(): number {
    const uncounted = this.count - this.counted;
    this.counted = this.count;
    return uncounted;
  }

  /** The series' samples as prom-client's Histogram#get lays them out. */
  values(): HistogramValue[] {
    const { name, buckets } = this.histogram;
    const values: HistogramValue[] = [];
    let cumulative = 0;
    buckets.forEach((bound, index) => {
      cumulative += this.counts[index] as number;
      values.push(this.sample(cumulative, `${name}_bucket`, null, { le: bound }));
    });
    values.push(this.sample(this.count, `${name}_bucket`, null, { le: '+Inf' }));
    values.push(this.sample(this.sum, `${name}_sum`, undefined, {}));
    values.push(this.sample(this.count, `${name}_count`, undefined, {}));
    return values;
  }

  private sample(
    value: number,
    metricName: string,
    exemplar: null | undefined,
    labels: Record<string, string | number>,
  ): HistogramValue {
    return { value, metricName, exemplar, labels: { ...labels, ...this.labels } };
  }
}

export interface PlainHistogramOptions<L extends string> {
  name: string;
  help: string;
  labelNames: readonly L[];
  /** Upper bounds, ascending. */
  buckets: readonly number[];
  registers: readonly (Registry | Registry<OpenMetricsContentType>)[];
}

export class PlainHistogram<L extends string = string> {
  readonly type = 'histogram';
  /** A cluster primary sums the workers' samples (prom-client's default for a histogram). */
  readonly aggregator = 'sum';
  readonly name: string;
  readonly help: string;
  readonly buckets: readonly number[];
  /** Series with at least one observation, in the order of their first. */
  readonly observed: HistogramSeries<L>[] = [];
  private readonly labelNames: readonly L[];
  private readonly known = new Map<string, HistogramSeries<L>>();

  constructor({ name, help, labelNames, buckets, registers }: PlainHistogramOptions<L>) {
    if (buckets.some((bound, index) => index > 0 && bound <= (buckets[index - 1] as number))) {
      throw new Error(`${name}: buckets must be ascending, got ${buckets.join(', ')}`);
    }
    this.name = name;
    this.help = help;
    this.labelNames = labelNames;
    this.buckets = [...buckets];
    // The registry's type names its four metric classes; what it calls on one is listed above.
    for (const registry of registers) registry.registerMetric(this as unknown as Metric);
  }

  /** The series of these label values, the same object for the same values. */
  series(labels: Labels<L>): HistogramSeries<L> {
    const key = JSON.stringify(this.labelNames.map((label) => labels[label]));
    let found = this.known.get(key);
    if (!found) this.known.set(key, (found = new HistogramSeries(this, labels)));
    return found;
  }

  /** What prom-client's Histogram#get answers (the registry's exposition and cluster aggregation read it). */
  get() {
    return Promise.resolve({
      name: this.name,
      help: this.help,
      type: this.type,
      aggregator: this.aggregator,
      values: this.observed.flatMap((series) => series.values()),
    });
  }
}
