/** Each bad production setting stops the built service before it listens: exit 1, one line, nothing on stdout. */
import { describe, expect, it } from 'vitest';
import { startBuilt, waitForExit } from '../helpers/process.js';
import { NEW_SETTING_REFUSALS } from '../helpers/settings.js';

const CROSS_CHECKS: [string, string, string][] = [
  [
    'KEEP_ALIVE_TIMEOUT_MS',
    '70000',
    'Invalid setting HEADERS_TIMEOUT_MS="66000": expected more than KEEP_ALIVE_TIMEOUT_MS (70000).',
  ],
];

describe('bad settings', () => {
  it.each([...NEW_SETTING_REFUSALS, ...CROSS_CHECKS])('%s=%j exits 1 with its one line', async (name, value, line) => {
    const result = await waitForExit(startBuilt({ HOST: '127.0.0.1', PORT: '0', [name]: value }));
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(`${line}\n`);
    expect(result.stdout).toBe('');
  });
});
