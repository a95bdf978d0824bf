/**
 * `petsage db migrate`: applies the pending migrations of the project's features that use the database,
 * to DATABASE_URL's server, or to the embedded development database when it is unset (outside
 * production). Settings come from the environment, as the service reads them.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { loadSettings as LoadSettings, SettingsError as SettingsErrorClass } from '../../src/config.js';
import type { runMigrations as RunMigrations } from '../../src/core/database/run-migrations.js';
import type { FeatureModule } from '../../src/core/features/feature.js';
import { Refusal } from './errors.js';

export async function migrateDatabase(
  root: string,
  env: Readonly<Record<string, string | undefined>>,
  print: (line: string) => void,
): Promise<string[]> {
  // The project's own sources (the command may run on another tree than its own, as the tests do).
  const load = async <T>(path: string): Promise<T> => (await import(pathToFileURL(join(root, path)).href)) as T;
  const { loadSettings, SettingsError } = await load<{
    loadSettings: typeof LoadSettings;
    SettingsError: typeof SettingsErrorClass;
  }>('src/config.ts');
  const { features } = await load<{ features: readonly FeatureModule[] }>('src/features/registry.ts');
  const { runMigrations } = await load<{ runMigrations: typeof RunMigrations }>('src/core/database/run-migrations.ts');
  let settings;
  try {
    settings = loadSettings(env);
  } catch (error) {
    if (error instanceof SettingsError) throw new Refusal(error.message);
    throw error;
  }
  const log = {
    info: (_details: object, message: string) => {
      print(message);
    },
    debug: () => undefined,
  };
  return runMigrations(settings, features, log, join(root, 'src/features'));
}
