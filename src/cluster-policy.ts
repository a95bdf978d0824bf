/**
 * How the cluster primary replaces a worker that dies after it started serving: after a growing delay
 * (1 s, 2 s, 4 s, … up to 30 s), and not at all once RESTART_LIMIT workers died within RESTART_WINDOW_MS,
 * when the primary gives up and exits 1: a crash loop is for the orchestrator (or a person) to see, not to
 * be hidden by endless restarts. A worker that dies before it listens is never replaced (see cluster.ts).
 */
export const RESTART_LIMIT = 5;
export const RESTART_WINDOW_MS = 60_000;
const FIRST_DELAY_MS = 1000;
const MAX_DELAY_MS = 30_000;

export class RestartBudget {
  #deaths: number[] = [];

  /** Records a death at `now` (ms); returns the delay before its replacement, or undefined to give up. */
  next(now: number): number | undefined {
    this.#deaths = this.#deaths.filter((time) => now - time < RESTART_WINDOW_MS);
    if (this.#deaths.length >= RESTART_LIMIT) return undefined;
    this.#deaths.push(now);
    return Math.min(FIRST_DELAY_MS * 2 ** (this.#deaths.length - 1), MAX_DELAY_MS);
  }
}
