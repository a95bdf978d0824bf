/**
 * One process serving the app, and its graceful shutdown (close-with-grace handles the signals):
 *
 * 1. SIGTERM or SIGINT: /readyz answers 503 at once, and the server keeps serving for SHUTDOWN_DELAY_MS,
 *    the time Kubernetes needs to take the pod out of its Service endpoints everywhere.
 * 2. Then `app.close()`: stop accepting, close idle keep-alive connections, let in-flight requests
 *    finish (their connections close after the response); flush the logs and exit 0.
 * 3. If that takes more than SHUTDOWN_TIMEOUT_MS after the drain, or a second signal arrives, a log line
 *    says so and the process exits 1 at once.
 *
 * The metrics port (metrics-server.ts) is served by this process unless it is a cluster worker (the primary
 * serves the whole cluster's); it keeps answering scrapes through the drain and closes last. With tracing
 * on, the spans still batched are exported last of all.
 */
import cluster from 'node:cluster';
import closeWithGrace from 'close-with-grace';
import { setTimeout as sleep } from 'node:timers/promises';
import { createApp } from './app.js';
import type { Settings } from './config.js';
import { createLogger } from './core/observability/logging.js';
import { createMetricsServer, listenMetrics, registrySource } from './core/observability/metrics-server.js';
import type { Tracing } from './core/tracing/opentelemetry.js';
import { StartupError } from './startup-error.js';

export async function serve(settings: Settings, tracing?: Tracing): Promise<void> {
  const logging = createLogger(settings);
  const { logger } = logging;
  const app = createApp(settings, { logger, traceIds: tracing?.traceIds });
  try {
    await app.ready();
  } catch (error) {
    // A setting refused once the routes are known (AUTH_ISSUER), or an embedded database that cannot start
    // (core/database/embedded.ts), is reported in one line like any other bad setting.
    if (!(error instanceof StartupError)) throw error;
    logging.flushSync();
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
  const metricsServer =
    settings.METRICS_ENABLED && !cluster.isWorker
      ? createMetricsServer(registrySource(app.metricsRegistry))
      : undefined;

  // A cluster worker takes its signals from the primary (always SIGTERM): a terminal's Ctrl-C reaches
  // the whole process group, and would otherwise count as a second signal after the forwarded one.
  if (cluster.isWorker) process.on('SIGINT', () => undefined);

  closeWithGrace(
    {
      skip: cluster.isWorker ? ['SIGINT'] : [],
      delay: settings.SHUTDOWN_DELAY_MS + settings.SHUTDOWN_TIMEOUT_MS,
      logger: false,
      onSecondSignal: (signal) => {
        logger.error({ signal }, 'second signal during shutdown: exiting at once');
        logging.flushSync();
      },
      onTimeout: (delay) => {
        logger.error({ timeoutMs: delay }, 'shutdown did not finish in time: forcing exit');
        logging.flushSync();
      },
    },
    async ({ signal, err }) => {
      app.readiness.ready = false;
      if (err) {
        logger.fatal({ err }, 'unexpected error: shutting down');
      } else {
        logger.info({ signal, drainMs: settings.SHUTDOWN_DELAY_MS }, 'shutdown: not ready, draining');
        await sleep(settings.SHUTDOWN_DELAY_MS);
      }
      logger.info('shutdown: closing the server');
      await app.close();
      if (metricsServer) await new Promise((resolve) => metricsServer.close(resolve));
      await tracing?.shutdown();
      logger.info('shutdown: complete');
      logging.stop();
      logging.flushSync();
    },
  );

  await listenOrExit(settings.HOST, settings.PORT, () => app.listen({ host: settings.HOST, port: settings.PORT }));
  if (metricsServer) {
    const url = await listenOrExit(settings.HOST, settings.METRICS_PORT, () =>
      listenMetrics(metricsServer, settings.HOST, settings.METRICS_PORT),
    );
    logger.info(`Metrics listening at ${url}`);
  }
  logging.flushSync();

  async function listenOrExit(host: string, port: number, listen: () => Promise<string>): Promise<string> {
    try {
      return await listen();
    } catch (error) {
      logging.flushSync();
      process.stderr.write(`Cannot listen on ${host}:${port}: ${(error as Error).message}\n`);
      process.exit(1);
    }
  }
}
