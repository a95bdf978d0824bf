import { describe, expect, it } from 'vitest';
import { RestartBudget, RESTART_LIMIT, RESTART_WINDOW_MS } from '../src/cluster-policy.js';

describe('RestartBudget: replacing workers that die after start-up', () => {
  it('waits longer after each death: 1 s, 2 s, 4 s, …', () => {
    const budget = new RestartBudget();
    const delays = Array.from({ length: RESTART_LIMIT }, (_, i) => budget.next(i * 100));
    expect(delays).toEqual(Array.from({ length: RESTART_LIMIT }, (_, i) => Math.min(1000 * 2 ** i, 30_000)));
  });

  it(`gives up after ${RESTART_LIMIT} deaths within the window`, () => {
    const budget = new RestartBudget();
    for (let i = 0; i < RESTART_LIMIT; i++) expect(budget.next(i)).not.toBeUndefined();
    expect(budget.next(RESTART_LIMIT)).toBeUndefined();
  });

  it('forgets deaths older than the window', () => {
    const budget = new RestartBudget();
    for (let i = 0; i < RESTART_LIMIT; i++) budget.next(i);
    expect(budget.next(RESTART_WINDOW_MS + RESTART_LIMIT)).toBe(1000);
  });
});
