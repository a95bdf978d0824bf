import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { problem } from '../../src/core/errors/problem.js';
import { testSettings } from '../helpers/settings.js';

describe('load shedding', () => {
  it('answers 503 with Retry-After and a problem document under pressure, but keeps /livez answering', async () => {
    // A 1 MiB heap limit is always exceeded: the service is under pressure from the first sample (1 s).
    const app = createApp(testSettings({ MAX_HEAP_USED_MB: '1', RETRY_AFTER_S: '7' }));
    await app.ready();
    await sleep(1300);
    const shed = await app.inject('/v1/smoke_test/');
    const live = await app.inject('/livez');
    await app.close();

    expect(shed.statusCode).toBe(503);
    expect(shed.headers['retry-after']).toBe('7');
    expect(shed.headers['content-type']).toBe('application/problem+json');
    expect(shed.json()).toEqual(problem(503, 'The service is overloaded; retry later.'));
    expect(live.statusCode).toBe(200);
  });
});
