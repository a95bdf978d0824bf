import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/core/observability/logging.js';
import { testSettings } from '../helpers/settings.js';

describe('createLogger', () => {
  it.each(['0', '1', '4096', '16383'])('builds a working logger for every accepted LOG_BUFFER_BYTES (%s)', (bytes) => {
    const settings = testSettings({ LOG_LEVEL: 'info', LOG_BUFFER_BYTES: bytes });
    const service = createLogger(settings);
    try {
      expect(service.logger.level).toBe('info');
    } finally {
      service.stop();
      service.flushSync();
    }
  });
});
