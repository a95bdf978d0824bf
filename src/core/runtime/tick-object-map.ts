/**
 * Keeps V8's map (hidden class) of `process.nextTick`'s tick objects alive for the life of the process.
 *
 * Node builds each tick object with an object literal whose first keys are computed (two symbols). V8
 * remembers, per property of that literal, the one map it saw (monomorphic feedback), and holds that map
 * weakly. A full garbage collection that runs while no tick object is alive (one started by a timer, or by
 * loading pg and Kysely on the first query) drops those maps; the next tick object gets new ones, and the
 * feedback, seeing a map other than the one it held, turns megamorphic for good: from then on every
 * nextTick defines its four properties through the runtime (`Runtime_DefineKeyedOwnPropertyInLiteral`).
 * Node's streams and HTTP server call nextTick several times per request, so that cost a served request
 * about 35 thousand instructions, 11 to 16 per cent of the service's own (callgrind, docs/benchmarks.md);
 * bare `node:http` pays the same after one forced full collection.
 *
 * Holding one tick object keeps its map, and through each map's back pointer the maps before it, alive.
 * Tick objects are Node's own; the only way to one is an async hook's `init`, which receives each one as
 * its resource: a hook is enabled for one nextTick and disabled again, so nothing else sees a hook.
 */
import { createHook } from 'node:async_hooks';

let kept: object | undefined;

/** The tick object held, once `keepTickObjectMap` has run (for the test that pins its shape). */
export const keptTickObject = (): object | undefined => kept;

export function keepTickObjectMap(): void {
  if (kept !== undefined) return;
  const hook = createHook({
    init(_asyncId, type, _triggerAsyncId, resource) {
      if (type === 'TickObject' && kept === undefined) kept = resource;
    },
  });
  hook.enable();
  try {
    process.nextTick(() => undefined);
  } finally {
    hook.disable();
  }
}
