/**
 * Start-up time (spawn to first 200) and RSS at the first 200, over several starts: the service's and,
 * interleaved with them so that both meet the same machine, bare node:http's (plain JavaScript, started
 * with `node` like the service).
 */
import { processCpuUs } from './cpu.js';
import { progress } from './progress.js';
import { stop } from './processes.js';
import { rssMb } from './startup.js';
import { startBaseline, startService, type Target } from './targets.js';

export interface Startups {
  service: number[];
  serviceRss: number[];
  /** CPU time (user + system) each start of the service had used by its first 200, in ms. */
  serviceCpu: number[];
  /** Bare node:http's starts, one after each of the service's (empty unless asked for). */
  bare: number[];
  bareRss: number[];
  bareCpu: number[];
  cluster: number[];
}

export interface StartupOptions {
  /** Starts of the 2-worker cluster, after the single process's. */
  clusterStarts?: number;
  /** Also time bare node:http, once after each start of the service. */
  bare?: boolean;
}

/** Time, RSS and CPU time at the first 200 (read before anything else reaches it), then stop. */
async function timed(target: Promise<Target>): Promise<{ ms: number; rss: number; cpu: number }> {
  const started = await target;
  const pid = started.child.pid ?? 0;
  const rss = rssMb(pid);
  const cpu = processCpuUs(pid) / 1000;
  await stop(started.child);
  return { ms: started.startupMs, rss, cpu };
}

/** `starts` starts of the single-process service at `cwd`, and what `options` asks for beside. */
export async function measureStartups(cwd: string, starts: number, options: StartupOptions = {}): Promise<Startups> {
  const out: Startups = {
    service: [],
    serviceRss: [],
    serviceCpu: [],
    bare: [],
    bareRss: [],
    bareCpu: [],
    cluster: [],
  };
  for (let i = 1; i <= starts; i++) {
    const service = await timed(startService({ cwd }));
    out.service.push(service.ms);
    out.serviceRss.push(service.rss);
    out.serviceCpu.push(service.cpu);
    let line = `service start ${i}/${starts}: ${service.ms.toFixed(0)} ms`;
    if (options.bare) {
      const bare = await timed(startBaseline('bare'));
      out.bare.push(bare.ms);
      out.bareRss.push(bare.rss);
      out.bareCpu.push(bare.cpu);
      line += `, bare node:http ${bare.ms.toFixed(0)} ms`;
    }
    progress('start-up', line);
  }
  const clusterStarts = options.clusterStarts ?? 0;
  for (let i = 1; i <= clusterStarts; i++) {
    const target = await startService({ cwd, workers: 2 });
    out.cluster.push(target.startupMs);
    await stop(target.child);
    progress('start-up', `cluster start ${i}/${clusterStarts}: ${target.startupMs.toFixed(0)} ms`);
  }
  return out;
}
