/**
 * How start-up, memory and throughput change with the number of feature versions mounted: the project as
 * it is, then a copy of it grown with the `petsage feature new` command to 10, 100 and 300.
 */
import { createCopy, growTo } from './features.js';
import { load } from './load.js';
import type { Mode } from './modes.js';
import { progress } from './progress.js';
import { stop } from './processes.js';
import type { ScalingPoint } from './results.js';
import { median } from './stats.js';
import { measureStartups } from './startups.js';
import { startService } from './targets.js';

/** `base`: the project itself, from the main measurements of this run. */
export async function measureScaling(
  root: string,
  mode: Mode,
  base: ScalingPoint,
): Promise<{ note: string; points: ScalingPoint[] }> {
  if (mode.featureCounts.length === 0) return { note: `skipped in ${mode.name} mode`, points: [] };
  const deadline = performance.now() + mode.generationBudgetSeconds * 1000;
  const points: ScalingPoint[] = [base];
  const notes: string[] = [];
  const copy = await createCopy(root);
  try {
    for (const [index, wanted] of mode.featureCounts.entries()) {
      if (wanted <= copy.count) continue;
      const left = mode.featureCounts.slice(index + 1).join(', ') || 'none';
      progress('features', `generating up to ${wanted} features`, `counts ${left}`);
      const count = await growTo(copy, wanted, deadline, (n) => {
        if (n % 50 === 0) progress('features', `${n} features generated`);
      });
      if (count < wanted) notes.push(`stopped at ${count} of ${wanted} features (generation budget)`);
      if (points.some((point) => point.features === count)) break;
      progress('features', `measuring ${count} features`, `counts ${left}`);
      points.push(await measureCount(copy.dir, count, mode));
    }
  } finally {
    copy.remove();
  }
  return { note: notes.join('; '), points };
}

/** Start-up, RSS and throughput of the build in `dir`, which mounts `features` features. */
async function measureCount(dir: string, features: number, mode: Mode): Promise<ScalingPoint> {
  const starts = await measureStartups(dir, mode.name === 'full' ? 3 : 1);
  const target = await startService({ cwd: dir });
  try {
    if (mode.warmupSeconds > 0) await load(target.url, mode.warmupSeconds, mode.connections);
    const result = await load(target.url, mode.scalingSeconds, mode.connections);
    return {
      features,
      startupMs: median(starts.service),
      rssMb: median(starts.serviceRss),
      rps: result.rps,
      p99: result.p99,
    };
  } finally {
    await stop(target.child);
  }
}
