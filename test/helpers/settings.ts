import { loadSettings, type Settings } from '../../src/config.js';

/** Settings for tests: the defaults, silent logs, and any override. */
export function testSettings(env: Record<string, string> = {}): Settings {
  return loadSettings({ LOG_LEVEL: 'silent', ...env });
}
