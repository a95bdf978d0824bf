/**
 * The tick object keeper (src/core/runtime/tick-object-map.ts) holds one of Node's own tick objects, so
 * that a full garbage collection leaves the map every tick object is built with alive: a tick object made
 * after the collection has the very map of the one held (V8's %HaveSameMap, in a child process with natives
 * syntax).
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';
import { keepTickObjectMap, keptTickObject } from '../../../src/core/runtime/tick-object-map.js';

const run = promisify(execFile);

it('holds one of Node’s tick objects, and the same one on a second call', () => {
  keepTickObjectMap();
  const kept = keptTickObject();
  expect(kept).toBeDefined();
  const symbols = Object.getOwnPropertySymbols(kept).map(String);
  expect(symbols).toEqual(expect.arrayContaining(['Symbol(async_id_symbol)', 'Symbol(trigger_async_id_symbol)']));
  expect(Object.keys(kept ?? {})).toEqual(['callback', 'args']);
  keepTickObjectMap();
  expect(keptTickObject()).toBe(kept);
});

it('keeps the map tick objects are made with through a full collection', async () => {
  const script = `
    import { createHook } from 'node:async_hooks';
    import { keepTickObjectMap, keptTickObject } from './src/core/runtime/tick-object-map.ts';
    const sameMap = new Function('a', 'b', 'return %HaveSameMap(a, b)');
    keepTickObjectMap();
    const fresh = [];
    const capture = createHook({ init(_id, type, _trigger, resource) { if (type === 'TickObject') fresh.push(resource); } });
    setTimeout(() => {
      globalThis.gc();
      capture.enable();
      process.nextTick(() => {
        capture.disable();
        console.log(JSON.stringify({ fresh: fresh.length, sameMap: sameMap(keptTickObject(), fresh[0]) }));
      });
    }, 10);
  `;
  const { stdout } = await run(
    process.execPath,
    ['--allow-natives-syntax', '--expose-gc', '--import', 'tsx', '--input-type=module', '-e', script],
    { cwd: process.cwd(), timeout: 20_000 },
  );
  expect(JSON.parse(stdout)).toEqual({ fresh: 1, sameMap: true });
});
