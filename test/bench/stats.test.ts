import { describe, expect, it } from 'vitest';
import { compare, summarize } from '../../bench/lib/results.js';
import { modeFromArgs } from '../../bench/lib/modes.js';
import { median, ratios, round } from '../../bench/lib/stats.js';

describe('median', () => {
  it('takes the middle value of an odd count, whatever the order', () => {
    expect(median([3, 1, 2])).toBe(2);
  });
  it('averages the two middle values of an even count', () => {
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
  it('is NaN for no values', () => {
    expect(median([])).toBeNaN();
  });
});

describe('ratios', () => {
  it('divides round by round', () => {
    expect(ratios([10, 30], [20, 60])).toEqual([0.5, 0.5]);
  });
  it('rounds to digits', () => {
    expect(round(0.4567)).toBe(0.46);
  });
});

describe('compare', () => {
  const r = (rps: number, errors = 0) => ({
    rps,
    p50: 1,
    p99: 2,
    max: rps / 1000,
    errors,
    non2xx: 0,
    total: rps,
    cpuUsPerRequest: rps / 10,
  });
  it('gives the subject median ratio against every other target', () => {
    const c = compare({ bare: [r(100), r(200), r(400)], service: [r(50), r(50), r(100)] }, 'service');
    expect(c.ratios.bare?.perRound).toEqual([0.5, 0.25, 0.25]);
    expect(c.ratios.bare?.median).toBe(0.25);
    expect(c.ratios.service).toBeUndefined();
  });
  it('summarizes with medians and totals errors', () => {
    expect(summarize([r(100, 1), r(300, 2), r(200)])).toEqual({
      rps: 200,
      p50: 1,
      p99: 2,
      max: 0.2,
      cpuUsPerRequest: 20,
      errors: 3,
      non2xx: 0,
    });
  });
});

describe('modeFromArgs', () => {
  it('picks the mode from the flags, full by default', () => {
    expect(modeFromArgs(['--quick']).name).toBe('quick');
    expect(modeFromArgs(['--smoke', '--out', 'x']).name).toBe('smoke');
    expect(modeFromArgs([]).name).toBe('full');
    expect(modeFromArgs([]).featureCounts).toEqual([10, 100, 300]);
  });
});
