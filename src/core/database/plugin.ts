/**
 * The database plugin, registered (and this module loaded) only when a registered feature uses the
 * database: decorates `app.db` and `app.statements` (see types.ts), adds the database to `/readyz` (on a one-connection pool of
 * its own) and its metrics to `/metrics`, applies the migrations at start-up outside production (there,
 * `dist/migrate.js` does, in the deploy's init container), and closes the pools when the app closes, after
 * in-flight requests have finished.
 */
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Settings } from '../../config.js';
import type { FeatureModule } from '../features/feature.js';
import { createDatabaseClient } from './client.js';
import { databaseHealth, HEALTH_CONNECTIONS } from './health.js';
import { databaseMetrics } from './metrics.js';
import { migrate } from './migrate.js';
import { statementRunner } from './prepared.js';
import { serviceMigrationFiles } from './migration-files.js';
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
    const onIdleError = (err: Error) => {
      app.log.warn({ err }, 'database connection lost; the pool reconnects on demand');
    };
    const onQuery = metrics ? { onQuery: metrics.observeQuery } : {};
    const client = createDatabaseClient({ ...settings, DATABASE_URL: server.url }, { ...onQuery, onIdleError });
    metrics?.watchPool(client.openPool);
    // A getter, so that Kysely is made (and loaded) when a feature first asks for it (kysely.ts).
    app.decorate('db', {
      getter: () => client.db,
    });
    app.decorate('statements', statementRunner(client.pool, metrics?.observe));
    // Readiness asks on a connection of its own: with every connection of the app's pool busy (load, which
    // load shedding answers), it would wait for one, time out, and take a working replica out of service.
    const health = createDatabaseClient(
      { ...settings, DATABASE_URL: server.url, DATABASE_POOL_SIZE: HEALTH_CONNECTIONS },
      { ...onQuery, onIdleError },
    );
    if (app.hasDecorator('readiness')) app.readiness.checks.push(databaseHealth(() => health.db));
    const close = async () => {
      await client.close();
      await health.close();
      await server.stop();
    };
    app.addHook('onClose', close);

    if (settings.NODE_ENV === 'production') return;
    try {
      const applied = await migrate(client.db, serviceMigrationFiles(features, featuresRoot));
      if (applied.length > 0) app.log.info({ migrations: applied }, 'database migrated');
    } catch (error) {
      await close();
      throw error;
    }
  },
  { name: 'database' },
);
