/**
 * WEB_CONCURRENCY > 1: a primary process forks that many workers (node:cluster) that share the port, each
 * serving the app with its own graceful shutdown. The primary serves only the metrics port, with the sum of
 * every worker's metrics (prom-client's AggregatorRegistry asks each worker over IPC on every scrape).
 *
 * - A worker that dies before it listens (port taken, bad environment, a crash at start-up) would die
 *   again: the primary stops the others and exits 1 with one line, and leaves restarting to the orchestrator.
 * - A worker that dies later is replaced after a growing delay, until too many died (cluster-policy.ts):
 *   then the primary gives up the same way.
 * - On SIGTERM or SIGINT it sends SIGTERM to every worker (workers ignore SIGINT, which a terminal sends to
 *   the whole process group; a second signal to the primary is forwarded again and forces the workers out)
 *   and exits once all have exited: 0 if every one of them exited 0, else 1, or 1 if they outlive the
 *   shutdown budget. Workers that died before the signal do not count: the code says how the shutdown went.
 */
import cluster, { type Worker } from 'node:cluster';
import { AggregatorRegistry } from 'prom-client';
import { RestartBudget } from './cluster-policy.js';
import type { Settings } from './config.js';
import { createLogger } from './core/observability/logging.js';
import { createMetricsServer, listenMetrics } from './core/observability/metrics-server.js';

const SIGNALS = ['SIGTERM', 'SIGINT'] as const;
/** Extra time the primary grants its workers beyond their own forced-exit deadline. */
const PRIMARY_MARGIN_MS = 2000;

const say = (line: string): void => {
  process.stderr.write(`primary: ${line}\n`);
};

export function runPrimary(settings: Settings): void {
  const budget = new RestartBudget();
  // Node keeps an exited worker in cluster.workers until its IPC channel has also closed, which may come
  // after the 'exit' event: counting from there could miss the last exit and leave the primary to end by
  // itself, with code 0. So the primary counts the workers it forked that have not exited yet.
  const alive = new Set<Worker>();
  const listening = new Set<Worker>();
  const pendingForks = new Set<NodeJS.Timeout>();
  let stopping = false;
  let failed = false;

  const fork = (): void => {
    const worker = cluster.fork();
    alive.add(worker);
    worker.once('listening', () => listening.add(worker));
  };

  function stop(): void {
    if (!stopping) {
      stopping = true;
      for (const timer of pendingForks) clearTimeout(timer);
      setTimeout(
        () => {
          say('workers did not exit in time: forcing exit');
          process.exit(1);
        },
        settings.SHUTDOWN_DELAY_MS + settings.SHUTDOWN_TIMEOUT_MS + PRIMARY_MARGIN_MS,
      ).unref();
    }
    for (const worker of alive) worker.process.kill('SIGTERM');
    if (alive.size === 0) process.exit(failed ? 1 : 0);
  }

  function giveUp(line: string): void {
    say(`${line}; stopping the other workers and exiting 1`);
    failed = true;
    stop();
  }

  cluster.on('exit', (worker, code, signal) => {
    // Node passes null for the signal of a worker that exited by itself, whatever its types say.
    const how = (signal as string | null) ?? `code ${String(code)}`;
    alive.delete(worker);
    const started = listening.delete(worker);
    if (stopping) {
      if (code !== 0) failed = true;
      if (alive.size === 0) process.exit(failed ? 1 : 0);
      return;
    }
    if (!started) {
      giveUp(`worker ${worker.process.pid} exited (${how}) during start-up`);
      return;
    }
    const delay = budget.next(Date.now());
    if (delay === undefined) {
      giveUp(`worker ${worker.process.pid} exited (${how}), too many in a row`);
      return;
    }
    say(`worker ${worker.process.pid} exited (${how}); starting another in ${delay} ms`);
    const timer = setTimeout(() => {
      pendingForks.delete(timer);
      fork();
    }, delay);
    pendingForks.add(timer);
  });

  for (const name of SIGNALS) process.on(name, stop);
  for (let i = 0; i < settings.WEB_CONCURRENCY; i++) fork();
  if (settings.METRICS_ENABLED) void serveClusterMetrics(settings, giveUp);
}

/** The metrics port, answering with every worker's metrics summed; a port it cannot take ends the cluster. */
async function serveClusterMetrics(settings: Settings, giveUp: (line: string) => void): Promise<void> {
  const aggregator = new AggregatorRegistry();
  const server = createMetricsServer({
    contentType: aggregator.contentType,
    collect: () => aggregator.clusterMetrics(),
  });
  // The workers keep serving through a shutdown; so does this port, until the primary exits.
  server.unref();
  try {
    const url = await listenMetrics(server, settings.HOST, settings.METRICS_PORT);
    const logging = createLogger({ LOG_LEVEL: settings.LOG_LEVEL, LOG_BUFFER_BYTES: 0 });
    logging.logger.info(`Metrics listening at ${url}`);
  } catch (error) {
    giveUp(`cannot listen on ${settings.HOST}:${settings.METRICS_PORT}: ${(error as Error).message}`);
  }
}
