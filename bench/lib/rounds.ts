/** Interleaved load rounds: warm each target up, then load each in turn, round after round. */
import { treeCpuUs } from './cpu.js';
import { load, type LoadResult } from './load.js';
import type { Mode } from './modes.js';
import { progress } from './progress.js';
import type { Target } from './targets.js';

/** One load of a target, with the CPU its server processes spent over it, per request. */
async function measuredLoad(target: Target, seconds: number, mode: Mode): Promise<LoadResult> {
  const pid = target.child.pid ?? 0;
  const cpuBefore = treeCpuUs(pid);
  const result = await load(target.url, seconds, mode.connections, target.request);
  const cpuUs = treeCpuUs(pid) - cpuBefore;
  return { ...result, cpuUsPerRequest: result.total > 0 ? cpuUs / result.total : 0 };
}

export async function interleaved(
  step: string,
  targets: readonly Target[],
  rounds: number,
  mode: Mode,
  warmup = true,
): Promise<Record<string, LoadResult[]>> {
  if (warmup && mode.warmupSeconds > 0) {
    for (const target of targets) {
      progress(step, `warm-up ${target.name}`);
      await load(target.url, mode.warmupSeconds, mode.connections, target.request);
    }
  }
  const results: Record<string, LoadResult[]> = {};
  for (let round = 1; round <= rounds; round++) {
    for (const target of targets) {
      const left = `${((rounds - round + 1) * targets.length - targets.indexOf(target)) * mode.roundSeconds}s of load`;
      progress(step, `round ${round}/${rounds} ${target.name}`, left);
      (results[target.name] ??= []).push(await measuredLoad(target, mode.roundSeconds, mode));
    }
  }
  return results;
}
