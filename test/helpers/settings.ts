import { loadSettings, type Settings } from '../../src/config.js';

/** Settings for tests: the defaults, silent logs, and any override. */
export function testSettings(env: Record<string, string> = {}): Settings {
  return loadSettings({ LOG_LEVEL: 'silent', ...env });
}

const ms = (max: number, extra = '') => `an integer from 1 to ${max} (milliseconds)${extra}`;

/** A bad value for every production setting, with the exact line it must be refused with. */
export const NEW_SETTING_REFUSALS: [string, string, string][] = [
  ['LOG_BUFFER_BYTES', '-1', 'an integer from 0 to 16383'],
  ['LOG_BUFFER_BYTES', '16384', 'an integer from 0 to 16383'],
  ['SHUTDOWN_DELAY_MS', 'soon', 'an integer from 0 to 600000 (milliseconds)'],
  ['SHUTDOWN_TIMEOUT_MS', '0', ms(600000)],
  ['KEEP_ALIVE_TIMEOUT_MS', '5s', ms(3600000)],
  ['HEADERS_TIMEOUT_MS', '0', ms(3600000, ', above KEEP_ALIVE_TIMEOUT_MS')],
  ['REQUEST_TIMEOUT_MS', '1e5', ms(3600000, ', at least HEADERS_TIMEOUT_MS')],
  ['BODY_LIMIT_BYTES', '1MB', 'an integer from 0 to 104857600 (bytes)'],
  ['METRICS_ENABLED', 'yes', 'true or false'],
  [
    'CORS_ORIGINS',
    '*',
    'a comma-separated list of origins such as https://app.example.com,http://localhost:3000, or nothing',
  ],
  [
    'CORS_ORIGINS',
    'https://app.example.com/',
    'a comma-separated list of origins such as https://app.example.com,http://localhost:3000, or nothing',
  ],
  ['MAX_EVENT_LOOP_DELAY_MS', '-5', 'an integer from 0 to 60000 (milliseconds; 0 turns the check off)'],
  ['MAX_HEAP_USED_MB', 'lots', 'an integer from 0 to 1048576 (MiB; 0 turns the check off)'],
  ['RETRY_AFTER_S', '0', 'an integer from 1 to 3600 (seconds)'],
  ['WEB_CONCURRENCY', '0', 'an integer from 1 to 64'],
].map(([name, value, accepts]) => [
  name as string,
  value as string,
  `Invalid setting ${name as string}=${JSON.stringify(value)}: expected ${accepts as string}.`,
]);
