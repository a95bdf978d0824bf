/**
 * Process entry: load the settings (exit 1 with one line if any is bad), then serve, as one process or,
 * with WEB_CONCURRENCY > 1, as a primary with that many workers.
 *
 * A serving process with an OTLP endpoint set starts tracing first, and only then imports the service:
 * OpenTelemetry's instrumentations patch http and pg as they are loaded, so nothing of the service (Fastify,
 * pg, their dependencies) may be loaded before. Hence the dynamic imports below, and the few static ones
 * (settings, the feature list: TypeBox only, and the tick object keeper: node:async_hooks only);
 * test/e2e/tracing-bundle.test.ts holds the build to it.
 */
import cluster from 'node:cluster';
import { checkDatabaseUrl, loadSettings, SettingsError, tracingEnabled, type Settings } from './config.js';
import { keepTickObjectMap } from './core/runtime/tick-object-map.js';
import { features } from './features/registry.js';

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
if (settings.WEB_CONCURRENCY > 1 && cluster.isPrimary) {
  // The primary serves no request (its workers do, each tracing its own): it traces nothing.
  const { runPrimary } = await import('./cluster.js');
  runPrimary(settings);
} else {
  // Before anything runs long enough for a full collection to drop the map (tick-object-map.ts).
  keepTickObjectMap();
  const tracing = tracingEnabled(settings)
    ? (await import('./core/tracing/opentelemetry.js')).startTracing()
    : undefined;
  const { serve } = await import('./lifecycle.js');
  await serve(settings, tracing);
}
