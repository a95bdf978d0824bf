/** The shape of bench/results/latest.json, and the summaries the runner makes of raw rounds. */
import type { DatabasePath } from './database-path.js';
import type { LoadResult } from './load.js';
import type { FeaturesOn } from './probe.js';
import type { RateLimitCost } from './rate-limits.js';
import type { TracingCost } from './tracing.js';
import type { WithoutDatabase } from './without-database.js';
import { median, ratios } from './stats.js';

/** Medians of a target's rounds (errors and non-2xx: totals). */
export type Summary = Omit<LoadResult, 'total'>;

export interface Comparison {
  /** Raw results, one per round, per target (bare, naive, service or cluster). */
  rounds: Record<string, LoadResult[]>;
  medians: Record<string, Summary>;
  /** The service's req/s over each baseline's, per round, and their median. */
  ratios: Record<string, { perRound: number[]; median: number }>;
}

export interface ScalingPoint {
  features: number;
  startupMs: number;
  rssMb: number;
  rps: number;
  p99: number;
}

export interface Results {
  date: string;
  mode: 'full' | 'quick' | 'smoke';
  machine: { cpu: string; cores: number; ramGb: number; node: string; platform: string };
  settings: { connections: number; roundSeconds: number; rounds: number; warmupSeconds: number };
  featuresOn: FeaturesOn;
  load: Comparison;
  /** `workers`: worker processes seen under the primary (0: the service ignored WEB_CONCURRENCY). */
  cluster: Comparison & { workers: number };
  /** The same read on a protected route (bearer token) and a public one, in one process. */
  auth: Comparison;
  /** The same service with tracing on (an OTLP endpoint) and off. */
  tracing: TracingCost;
  /** The same service with limits on and off, and past its budget (429s); absent from runs before it was measured. */
  rateLimits?: RateLimitCost;
  startup: {
    service: {
      runsMs: number[];
      medianMs: number;
      rssAtFirst200Mb: number;
      rssAfterLoadMb: number;
      /** CPU time (user + system) used by the first 200, median; none for older results. */
      cpuMsAtFirst200?: number;
    };
    /**
     * Bare node:http (plain JavaScript with `node`), started after each start of the service, and the
     * median of the paired differences (service − bare); none for results from before it was timed.
     */
    bare?: {
      runsMs: number[];
      medianMs: number;
      rssAtFirst200Mb: number;
      cpuMsAtFirst200: number;
      serviceOverBareMs: number;
    };
    cluster: { medianMs: number; rssAtFirst200Mb: { primary: number; workers: number; total: number } };
    /** The service with its database features removed (not measured in smoke mode). */
    withoutDatabase?: WithoutDatabase;
  };
  scaling: { note: string; points: ScalingPoint[] };
  /** The database path against the node:http + pg baseline (named `bare` there). */
  database: DatabasePath;
  elapsedSeconds: number;
}

export function summarize(results: readonly LoadResult[]): Summary {
  const of = (key: keyof LoadResult): number => median(results.map((result) => result[key]));
  return {
    rps: of('rps'),
    p50: of('p50'),
    p99: of('p99'),
    max: of('max'),
    cpuUsPerRequest: of('cpuUsPerRequest'),
    errors: results.reduce((sum, result) => sum + result.errors, 0),
    non2xx: results.reduce((sum, result) => sum + result.non2xx, 0),
  };
}

/** Medians per target and the ratio of `subject` to each other target, round by round. */
export function compare(rounds: Record<string, LoadResult[]>, subject: string): Comparison {
  const medians: Record<string, Summary> = {};
  for (const [name, results] of Object.entries(rounds)) medians[name] = summarize(results);
  const own = (rounds[subject] ?? []).map((result) => result.rps);
  const out: Comparison['ratios'] = {};
  for (const [name, results] of Object.entries(rounds)) {
    if (name === subject) continue;
    const perRound = ratios(
      own,
      results.map((result) => result.rps),
    );
    out[name] = { perRound, median: median(perRound) };
  }
  return { rounds, medians, ratios: out };
}
