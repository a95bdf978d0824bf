import { setImmediate as nextTurn, setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { problem } from '../../src/core/errors/problem.js';
import { testSettings } from '../helpers/settings.js';

const OVERLOADED = problem(503, 'The service is overloaded; retry later.');

/** Blocks the event loop in 50 ms stretches for `ms`: under-pressure's delay histogram sees a saturated loop. */
async function saturate(ms: number): Promise<void> {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    const stretch = performance.now() + 50;
    while (performance.now() < stretch) {
      // busy: the loop cannot turn
    }
    await nextTurn();
  }
}

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
    expect(shed.json()).toEqual(OVERLOADED);
    expect(live.statusCode).toBe(200);
  });

  it('sheds while the event loop is saturated, and serves again once it is not', async () => {
    const app = createApp(testSettings({ MAX_EVENT_LOOP_DELAY_MS: '20' }));
    await app.ready();
    const calm = await app.inject('/v1/smoke_test/');
    // The sample taken at 1 s sees a loop held in 50 ms stretches; the next, a second later, a free one.
    await saturate(1300);
    const shed = await app.inject('/v1/smoke_test/');
    await sleep(1200);
    const recovered = await app.inject('/v1/smoke_test/');
    await app.close();

    expect(calm.statusCode).toBe(200);
    expect(shed.statusCode).toBe(503);
    expect(shed.json()).toEqual(OVERLOADED);
    expect(recovered.statusCode).toBe(200);
  });

  it('registers nothing when both checks are off, and one named hook when either is on', async () => {
    const plugins = async (env: Record<string, string>): Promise<{ tree: string; hooks: string }> => {
      const app = createApp(testSettings(env));
      await app.ready();
      const shown = { tree: app.printPlugins(), hooks: app.printRoutes({ includeHooks: true }) };
      await app.close();
      return shown;
    };
    const off = await plugins({ MAX_EVENT_LOOP_DELAY_MS: '0', MAX_HEAP_USED_MB: '0' });
    const on = await plugins({ MAX_EVENT_LOOP_DELAY_MS: '1000' });

    expect(off.hooks).toContain('setRequestIdHeader()');
    expect(off.hooks).not.toContain('shedLoadWhileSaturated');
    expect(off.tree).not.toContain('under-pressure');
    expect(on.hooks).toContain('shedLoadWhileSaturated()');
    expect(on.tree).toContain('under-pressure');
    // under-pressure's own hook sits in its route-less context: no request meets it.
    expect(on.hooks).not.toContain('"onRequest()"');
  });
});
