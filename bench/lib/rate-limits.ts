/**
 * The rate limiter's cost on the smoke test, three built services in interleaved rounds, each with the
 * production settings of targets.ts and one difference:
 *   - `limited`: limits on and too high to refuse the load (the service as the main comparison runs it);
 *   - `unlimited`: every budget 0, which turns the limiter off (no hook on any route);
 *   - `refused`: a read budget of 1 a day, so the load is one client past its budget, answered 429.
 * Two comparisons come of the same rounds: what counting costs (limited against unlimited) and what a
 * refusal costs against an answer (refused against limited). CPU per request is the fair measure of the
 * second: a 429 should cost the service no more than the 200 it replaces.
 */
import type { Mode } from './modes.js';
import { stop } from './processes.js';
import { compare, type Comparison } from './results.js';
import { interleaved } from './rounds.js';
import { startService, type Target, type TargetName } from './targets.js';

export interface RateLimitCost {
  /** `limited` against `unlimited`: the ratio is what counting leaves of the throughput. */
  counting: Comparison;
  /** `refused` against `limited`: the ratio is 429s a second over 200s a second. */
  refusal: Comparison;
}

const OFF = { RATE_LIMIT_READ_MAX: '0', RATE_LIMIT_WRITE_MAX: '0', RATE_LIMIT_UNAUTHENTICATED_MAX: '0' };
/** Refuses all but the first read of the day. */
const PAST_BUDGET = { RATE_LIMIT_READ_MAX: '1', RATE_LIMIT_WINDOW_S: '86400' };

export async function measureRateLimits(root: string, mode: Mode): Promise<RateLimitCost> {
  const targets: Target[] = [];
  const variant = async (name: TargetName, env?: Record<string, string>): Promise<void> => {
    targets.push({ ...(await startService({ cwd: root, ...(env ? { env } : {}) })), name });
  };
  try {
    await variant('unlimited', OFF);
    await variant('limited');
    await variant('refused', PAST_BUDGET);
    const rounds = await interleaved('rate limits', targets, mode.rounds, mode);
    const { unlimited = [], limited = [], refused = [] } = rounds;
    return {
      counting: compare({ unlimited, limited }, 'limited'),
      refusal: compare({ limited, refused }, 'refused'),
    };
  } finally {
    for (const target of targets) await stop(target.child);
  }
}
