/**
 * Production migration entry, `node dist/migrate.js`: applies the registered features' pending
 * migrations and exits 0, or prints one line and exits 1. In Kubernetes the Deployment's `migrate` init
 * container runs it before each new pod serves (the first of a rollout applies, an advisory lock holds the
 * others back, which then find nothing to do); the service itself never migrates in production.
 */
import { checkDatabaseUrl, loadSettings } from './config.js';
import { createLogger } from './core/observability/logging.js';
import { runMigrations } from './core/database/run-migrations.js';
import { features } from './features/registry.js';

try {
  const settings = loadSettings();
  checkDatabaseUrl(settings, true);
  // Written at once: the process ends right after.
  const logging = createLogger({ ...settings, LOG_BUFFER_BYTES: 0 });
  const applied = await runMigrations(settings, features, logging.logger);
  logging.logger.info({ migrations: applied }, `database migrated: ${applied.length} migration(s) applied`);
} catch (error) {
  process.stderr.write(`${(error as Error).message.split('\n')[0] ?? ''}\n`);
  process.exitCode = 1;
}
