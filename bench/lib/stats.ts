/** Medians and ratios over rounds. */

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const upper = sorted[middle] ?? Number.NaN;
  return sorted.length % 2 === 1 ? upper : ((sorted[middle - 1] ?? Number.NaN) + upper) / 2;
}

/** a[i] / b[i] for each round i (the service against a baseline in the same round). */
export function ratios(a: readonly number[], b: readonly number[]): number[] {
  return a.slice(0, b.length).map((value, i) => value / (b[i] ?? Number.NaN));
}

/** a[i] - b[i] for each pair i (the service's start-up against bare node:http's right after it). */
export function differences(a: readonly number[], b: readonly number[]): number[] {
  return a.slice(0, b.length).map((value, i) => value - (b[i] ?? Number.NaN));
}

export function round(value: number, digits = 2): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
