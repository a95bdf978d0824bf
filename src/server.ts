/**
 * Process entry: load the settings (exit 1 with one line if any is bad), then serve, as one process or,
 * with WEB_CONCURRENCY > 1, as a primary with that many workers.
 */
import cluster from 'node:cluster';
import { checkDatabaseUrl, loadSettings, SettingsError, type Settings } from './config.js';
import { runPrimary } from './cluster.js';
import { features } from './features/registry.js';
import { serve } from './lifecycle.js';

function settingsOrExit(): Settings {
  try {
    const settings = loadSettings();
    checkDatabaseUrl(
      settings,
      features.some((feature) => feature.usesDatabase),
    );
    return settings;
  } catch (error) {
    if (!(error instanceof SettingsError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
}

const settings = settingsOrExit();
if (settings.WEB_CONCURRENCY > 1 && cluster.isPrimary) runPrimary(settings);
else await serve(settings);
