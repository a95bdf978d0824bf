/**
 * Which PostgreSQL server to use: DATABASE_URL's, or, with none outside production, the embedded
 * development server in DATABASE_DIR, started here and stopped by the caller.
 */
import cluster from 'node:cluster';
import { checkDatabaseUrl, type Settings } from '../../config.js';
import { startEmbeddedPostgres } from './embedded.js';

export interface DatabaseServer {
  readonly url: string;
  /** Stops the embedded server, if this started one. */
  stop(): Promise<void>;
}

/** The logging this needs: a pino logger, or a command's own printer. */
export interface DatabaseLog {
  info(details: object, message: string): void;
  debug(details: object, message: string): void;
}

export async function databaseServer(settings: Settings, log: DatabaseLog): Promise<DatabaseServer> {
  checkDatabaseUrl(settings, true);
  if (settings.DATABASE_URL !== '') return { url: settings.DATABASE_URL, stop: async () => undefined };
  // checkDatabaseUrl refused several workers; a worker forked otherwise would still find the data in use.
  if (cluster.isWorker) throw new Error('The embedded PostgreSQL serves one process: set DATABASE_URL.');
  const embedded = await startEmbeddedPostgres({
    dataDir: settings.DATABASE_DIR,
    persistent: true,
    log: (line) => {
      log.debug({ postgres: line.trim() }, 'embedded PostgreSQL');
    },
  });
  log.info({ dataDir: settings.DATABASE_DIR, port: embedded.port }, 'embedded PostgreSQL started');
  return embedded;
}
