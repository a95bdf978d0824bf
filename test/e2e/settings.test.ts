/** Each bad setting stops the built service before it listens: exit 1, one line, nothing on stdout. */
import { describe, expect, it } from 'vitest';
import { startBuilt, waitForExit } from '../helpers/process.js';
import { CROSS_SETTING_REFUSALS, SETTING_REFUSALS } from '../helpers/settings.js';

describe('bad settings', () => {
  it.each([...SETTING_REFUSALS, ...CROSS_SETTING_REFUSALS])(
    '%s=%j exits 1 with its one line',
    async (name, value, line) => {
      // METRICS_PORT at its default, as the table's cases expect: each is refused before anything listens.
      const env = { HOST: '127.0.0.1', PORT: '0', METRICS_PORT: '9464', [name]: value };
      const result = await waitForExit(startBuilt(env));
      expect(result.code).toBe(1);
      expect(result.stderr).toBe(`${line}\n`);
      expect(result.stdout).toBe('');
    },
  );
});
