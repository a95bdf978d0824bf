/**
 * Process entry: load the settings (exit 1 with one line if any is bad), build the app, listen.
 */
import { createApp } from './app.js';
import { loadSettings, SettingsError, type Settings } from './config.js';

function settingsOrExit(): Settings {
  try {
    return loadSettings();
  } catch (error) {
    if (!(error instanceof SettingsError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
}

const settings = settingsOrExit();
const app = createApp(settings);
try {
  await app.listen({ host: settings.HOST, port: settings.PORT });
} catch (error) {
  process.stderr.write(`Cannot listen on ${settings.HOST}:${settings.PORT}: ${(error as Error).message}\n`);
  process.exit(1);
}
