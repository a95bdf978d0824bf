/**
 * Where a policy's counts live. The counting is @fastify/rate-limit's own: its LocalStore (a fixed window
 * per key in an LRU map, in this process) or, with REDIS_URL, its RedisStore (redis-store.ts).
 */
import LocalStore from '@fastify/rate-limit/store/LocalStore.js';

/** A client's count in the current window, and the milliseconds left in it. */
export interface Count {
  current: number;
  ttl: number;
}

export interface CountStore {
  incr(
    key: string,
    callback: (error: Error | null, result?: Count | null) => void,
    windowMs: number,
    max: number,
  ): void;
}

/** Clients remembered per policy by the in-process store; past that the least recent are forgotten. */
const LOCAL_CLIENTS = 100_000;

export function localStore(): CountStore {
  return new LocalStore(false, false, LOCAL_CLIENTS);
}
