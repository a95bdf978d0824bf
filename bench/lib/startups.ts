/** Start-up time (spawn to first 200) and RSS at the first 200, over several starts. */
import { progress } from './progress.js';
import { stop } from './processes.js';
import { rssMb } from './startup.js';
import { startService } from './targets.js';

export interface Startups {
  service: number[];
  serviceRss: number[];
  cluster: number[];
}

/** `starts` starts of the single-process service at `cwd`, plus a few of the 2-worker cluster. */
export async function measureStartups(cwd: string, starts: number, clusterStarts = 0): Promise<Startups> {
  const out: Startups = { service: [], serviceRss: [], cluster: [] };
  for (let i = 1; i <= starts; i++) {
    const target = await startService({ cwd });
    out.service.push(target.startupMs);
    out.serviceRss.push(rssMb(target.child.pid ?? 0));
    await stop(target.child);
    progress('start-up', `service start ${i}/${starts}: ${target.startupMs.toFixed(0)} ms`);
  }
  for (let i = 1; i <= clusterStarts; i++) {
    const target = await startService({ cwd, workers: 2 });
    out.cluster.push(target.startupMs);
    await stop(target.child);
    progress('start-up', `cluster start ${i}/${clusterStarts}: ${target.startupMs.toFixed(0)} ms`);
  }
  return out;
}
