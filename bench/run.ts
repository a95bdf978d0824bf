/**
 * `npm run bench [-- --quick | --smoke] [--out <dir>]`: the service as deployed against bare node:http
 * and a naive Fastify assembly, in interleaved rounds; the cluster run; start-up and memory; and how
 * these change with the number of features. Writes <out>/latest.{json,md,svg}; into bench/results (the
 * default), it also rewrites the summary in README.md.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { measureAuthentication } from './lib/auth.js';
import { writeReadmeSummary, writeResults } from './lib/output.js';
import { machine } from './lib/machine.js';
import { modeFromArgs, outDirFromArgs, RESULTS_DIR } from './lib/modes.js';
import { probeFeatures } from './lib/probe.js';
import { runningPids, stop, stopAll, stopAllOnSignal } from './lib/processes.js';
import { elapsedSeconds, progress } from './lib/progress.js';
import { compare, summarize, type Results } from './lib/results.js';
import { interleaved } from './lib/rounds.js';
import { startBenchDatabase } from './lib/database.js';
import { measureDatabasePath } from './lib/database-path.js';
import { measureScaling } from './lib/scaling.js';
import { measureStartups } from './lib/startups.js';
import { measureTracing } from './lib/tracing.js';
import { measureWithoutDatabase } from './lib/without-database.js';
import { measureRateLimits } from './lib/rate-limits.js';
import { registeredFeatures } from './lib/features.js';
import { differences, median } from './lib/stats.js';
import { childPids, rssMb, treeRss } from './lib/startup.js';
import { startBaseline, startService, useDatabase, type Target } from './lib/targets.js';

const args = process.argv.slice(2);
const mode = modeFromArgs(args);
const outDir = outDirFromArgs(args);
const root = process.cwd();
stopAllOnSignal();

async function main(): Promise<Results> {
  if (!existsSync('dist/server.js')) {
    progress('build', 'dist/ missing: npm run build');
    execFileSync('npm', ['run', 'build', '--silent'], { stdio: 'inherit' });
  }
  progress('database', 'starting PostgreSQL and migrating it with dist/migrate.js');
  const database = await startBenchDatabase(root);
  useDatabase(database.url);
  try {
    return await measure();
  } finally {
    await stopAll();
    await database.stop();
  }
}

async function measure(): Promise<Results> {
  progress('probe', 'which production features the service has on');
  const featuresOn = await probeFeatures(root);

  progress('start-up', `${mode.starts} starts of the service, each followed by bare node:http's, then the cluster`);
  const starts = await measureStartups(root, mode.starts, {
    clusterStarts: mode.name === 'full' ? 2 : 0,
    bare: true,
  });
  const withoutDatabase = mode.name === 'smoke' ? undefined : await measureWithoutDatabase(root, mode.starts);

  const targets: Target[] = [];
  try {
    targets.push(await startBaseline('bare'), await startBaseline('naive'), await startService({ cwd: root }));
    const service = targets[2] as Target;
    const rssAtFirst200 = rssMb(service.child.pid ?? 0);
    const loadRounds = await interleaved('load', targets, mode.rounds, mode);
    const rssAfterLoad = rssMb(service.child.pid ?? 0);
    await stop(service.child);
    await stop((targets[1] as Target).child);

    const cluster = await startService({ cwd: root, workers: 2 });
    targets.push(cluster);
    const clusterRss = treeRss(cluster.child.pid ?? 0);
    const clusterWorkers = childPids(cluster.child.pid ?? 0).length;
    // The bare baseline is warm already; the cluster is warmed except in quick mode (time bound).
    const clusterRounds = await interleaved(
      'cluster',
      [targets[0] as Target, cluster],
      mode.clusterRounds,
      mode,
      mode.name === 'full',
    );
    await stopAll();

    progress('auth', 'an authenticated read against the same read unauthenticated');
    const auth = await measureAuthentication(mode);

    progress('tracing', 'the service exporting traces over OTLP/HTTP against the same without');
    const tracing = await measureTracing(root, mode);

    progress('rate limits', 'the service with limits on, off, and past its budget (429)');
    const rateLimits = await measureRateLimits(root, mode);

    const database = await measureDatabasePath(root, mode);
    const serviceMedian = summarize(loadRounds.service ?? []);
    const scaling = await measureScaling(root, mode, {
      features: (await registeredFeatures(root)).length,
      startupMs: median(starts.service),
      rssMb: median(starts.serviceRss),
      rps: serviceMedian.rps,
      p99: serviceMedian.p99,
    });
    return {
      date: new Date().toISOString(),
      mode: mode.name,
      machine: machine(),
      settings: {
        connections: mode.connections,
        roundSeconds: mode.roundSeconds,
        rounds: mode.rounds,
        warmupSeconds: mode.warmupSeconds,
      },
      featuresOn,
      load: compare(loadRounds, 'service'),
      cluster: { ...compare(clusterRounds, 'cluster'), workers: clusterWorkers },
      auth,
      tracing,
      rateLimits,
      startup: {
        service: {
          runsMs: starts.service,
          medianMs: median(starts.service),
          rssAtFirst200Mb: median(starts.serviceRss.concat(rssAtFirst200)),
          rssAfterLoadMb: rssAfterLoad,
          cpuMsAtFirst200: median(starts.serviceCpu),
        },
        bare: {
          runsMs: starts.bare,
          medianMs: median(starts.bare),
          rssAtFirst200Mb: median(starts.bareRss),
          cpuMsAtFirst200: median(starts.bareCpu),
          serviceOverBareMs: median(differences(starts.service, starts.bare)),
        },
        cluster: { medianMs: median(starts.cluster.concat(cluster.startupMs)), rssAtFirst200Mb: clusterRss },
        ...(withoutDatabase ? { withoutDatabase } : {}),
      },
      scaling,
      database,
      elapsedSeconds: 0,
    };
  } finally {
    await stopAll();
  }
}

try {
  const results = await main();
  results.elapsedSeconds = Math.round(elapsedSeconds());
  const files = writeResults(results, outDir);
  if (resolve(outDir) === resolve(RESULTS_DIR)) files.push(writeReadmeSummary(results));
  progress('done', `${results.elapsedSeconds}s; wrote ${files.join(', ')}`);
  const left = runningPids();
  if (left.length > 0) throw new Error(`processes left running: ${left.join(', ')}`);
} catch (error) {
  await stopAll();
  process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
}
