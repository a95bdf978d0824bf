/**
 * WEB_CONCURRENCY > 1: a primary process forks that many workers (node:cluster) that share the port, each
 * serving the app with its own graceful shutdown. The primary serves nothing: on SIGTERM or SIGINT it
 * sends SIGTERM to every worker (workers ignore SIGINT, which a terminal sends to the whole process group;
 * a second signal to the primary is forwarded again and forces the workers out). It replaces a worker that
 * dies while nobody asked it to stop, and exits once all workers have exited (0 if all exited 0, else 1),
 * or with 1 if they outlive the shutdown budget.
 */
import cluster, { type Worker } from 'node:cluster';
import type { Settings } from './config.js';

const SIGNALS = ['SIGTERM', 'SIGINT'] as const;
/** Extra time the primary grants its workers beyond their own forced-exit deadline. */
const PRIMARY_MARGIN_MS = 2000;

export function runPrimary(settings: Settings): void {
  let stopping = false;
  let failed = false;
  const fork = (): Worker => cluster.fork();
  for (let i = 0; i < settings.WEB_CONCURRENCY; i++) fork();

  cluster.on('exit', (worker, code, signal) => {
    if (code !== 0) failed = true;
    if (!stopping) {
      process.stderr.write(`worker ${worker.process.pid} exited (${signal || String(code)}); starting another\n`);
      fork();
      return;
    }
    if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(failed ? 1 : 0);
  });

  for (const name of SIGNALS) {
    process.on(name, () => {
      if (!stopping) {
        stopping = true;
        setTimeout(
          () => {
            process.stderr.write('workers did not exit in time: forcing exit\n');
            process.exit(1);
          },
          settings.SHUTDOWN_DELAY_MS + settings.SHUTDOWN_TIMEOUT_MS + PRIMARY_MARGIN_MS,
        ).unref();
      }
      for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGTERM');
    });
  }
}
