/**
 * Migrates the database once and disconnects: what `petsage db migrate` and the production entry
 * `dist/migrate.js` (the Kubernetes init container) run. Outside production without DATABASE_URL it
 * migrates the embedded development database. With DATABASE_API_ROLE, it then grants that role row access
 * to every table (grants.ts), since the service connects as it.
 */
import type { Settings } from '../../config.js';
import type { FeatureModule } from '../features/feature.js';
import { createDatabaseClient } from './client.js';
import { grantRowAccess } from './grants.js';
import { migrate } from './migrate.js';
import { serviceMigrationFiles } from './migration-files.js';
import { databaseServer, type DatabaseLog } from './server.js';

export async function runMigrations(
  settings: Settings,
  features: readonly FeatureModule[],
  log: DatabaseLog,
  featuresRoot?: string,
): Promise<string[]> {
  const files = serviceMigrationFiles(features, featuresRoot);
  const server = await databaseServer(settings, log);
  const client = createDatabaseClient({ ...settings, DATABASE_URL: server.url });
  try {
    const { db } = client;
    const applied = await migrate(db, files);
    const role = settings.DATABASE_API_ROLE;
    if (role !== '') log.info({ role, tables: await grantRowAccess(db, role) }, 'database: row access granted');
    return applied;
  } finally {
    await client.close();
    await server.stop();
  }
}
