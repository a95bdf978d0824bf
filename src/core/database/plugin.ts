/**
 * The database plugin, registered (and this module loaded) only when a registered feature uses the
 * database: decorates `app.db` (see types.ts), adds the database to `/readyz` and its metrics to `/metrics`,
 * applies the migrations at start-up outside production (there, `dist/migrate.js` does, in the deploy's
 * init container), and closes the pool when the app closes, after in-flight requests have finished.
 */
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Settings } from '../../config.js';
import type { FeatureModule } from '../feature.js';
import { createDatabaseClient } from './client.js';
import { databaseHealth } from './health.js';
import { databaseMetrics } from './metrics.js';
import { migrate } from './migrate.js';
import { databaseFeatureNames, readMigrationFiles } from './migration-files.js';
import { databaseServer } from './server.js';

export interface DatabaseOptions {
  readonly settings: Settings;
  readonly features: readonly FeatureModule[];
  readonly featuresRoot?: string | undefined;
}

export const database = fp(
  async (app: FastifyInstance, { settings, features, featuresRoot }: DatabaseOptions) => {
    const server = await databaseServer(settings, app.log);
    const metrics = app.hasDecorator('metricsRegistry') ? databaseMetrics(app.metricsRegistry) : undefined;
    const client = createDatabaseClient(
      { ...settings, DATABASE_URL: server.url },
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
      await server.stop();
    };
    app.addHook('onClose', close);

    if (settings.NODE_ENV === 'production') return;
    try {
      const applied = await migrate(db, readMigrationFiles(databaseFeatureNames(features), featuresRoot));
      if (applied.length > 0) app.log.info({ migrations: applied }, 'database migrated');
    } catch (error) {
      await close();
      throw error;
    }
  },
  { name: 'database' },
);
