/**
 * The database plugin, registered (and this module loaded) only when a registered feature uses the
 * database: decorates `app.db` (see types.ts), adds the database to `/readyz` and its metrics to `/metrics`,
 * applies the migrations at start-up outside production (there, `petsage db migrate` or the deploy's
 * migration Job does), and closes the pool when the app closes, after in-flight requests have finished.
 */
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import cluster from 'node:cluster';
import { checkDatabaseUrl, type Settings } from '../../config.js';
import type { FeatureModule } from '../feature.js';
import { createDatabaseClient } from './client.js';
import { startEmbeddedPostgres, type EmbeddedPostgres } from './embedded.js';
import { databaseHealth } from './health.js';
import { databaseMetrics } from './metrics.js';
import { migrate } from './migrate.js';
import { readMigrationFiles } from './migration-files.js';

export interface DatabaseOptions {
  readonly settings: Settings;
  readonly features: readonly FeatureModule[];
  readonly featuresRoot?: string | undefined;
}

export const database = fp(
  async (app: FastifyInstance, { settings, features, featuresRoot }: DatabaseOptions) => {
    checkDatabaseUrl(settings, true);
    const embedded = settings.DATABASE_URL === '' ? await startEmbedded(app, settings) : undefined;
    const metrics = app.hasDecorator('metricsRegistry') ? databaseMetrics(app.metricsRegistry) : undefined;
    const client = createDatabaseClient(
      { ...settings, DATABASE_URL: embedded?.url ?? settings.DATABASE_URL },
      {
        ...(metrics ? { onQuery: metrics.observeQuery } : {}),
        onIdleError: (err) => {
          app.log.warn({ err }, 'database connection lost; the pool reconnects on demand');
        },
      },
    );
    metrics?.watchPool(client.pool);
    const { db } = client;
    app.decorate('db', db);
    if (app.hasDecorator('readiness')) app.readiness.checks.push(databaseHealth(db));
    const close = async () => {
      await db.destroy();
      await embedded?.stop();
    };
    app.addHook('onClose', close);

    if (settings.NODE_ENV === 'production') return;
    const names = features.filter((feature) => feature.usesDatabase).map((feature) => feature.name);
    try {
      const applied = await migrate(db, readMigrationFiles(names, featuresRoot));
      if (applied.length > 0) app.log.info({ migrations: applied }, 'database migrated');
    } catch (error) {
      await close();
      throw error;
    }
  },
  { name: 'database' },
);

/** Development without DATABASE_URL: the embedded server, one per data directory, so one process only. */
async function startEmbedded(app: FastifyInstance, settings: Settings): Promise<EmbeddedPostgres> {
  if (cluster.isWorker) {
    throw new Error('The embedded PostgreSQL serves one process: set DATABASE_URL to run WEB_CONCURRENCY > 1 workers.');
  }
  const embedded = await startEmbeddedPostgres({
    dataDir: settings.DATABASE_DIR,
    persistent: true,
    log: (line) => {
      app.log.debug({ postgres: line.trim() }, 'embedded PostgreSQL');
    },
  });
  app.log.info({ dataDir: settings.DATABASE_DIR, port: embedded.port }, 'embedded PostgreSQL started');
  return embedded;
}
