/**
 * @fastify/rate-limit's stores, which the package ships but does not declare; the limiter counts with
 * them (rate-limit/store.ts). `ttl` is the milliseconds left in the key's window.
 */
declare module '@fastify/rate-limit/store/LocalStore.js' {
  type Callback = (error: Error | null, result: { current: number; ttl: number }) => void;

  /** Counts in this process: a window per key, the least recently seen of `cache` keys forgotten first. */
  export default class LocalStore {
    constructor(continueExceeding: boolean, exponentialBackoff: boolean, cache?: number);
    incr(key: string, callback: Callback, timeWindow: number, max: number): void;
  }
}

declare module '@fastify/rate-limit/store/RedisStore.js' {
  import type { Redis } from 'ioredis';

  type Callback = (error: Error | null, result: { current: number; ttl: number } | null) => void;

  /** Counts in Redis: an atomic Lua INCR + PEXPIRE per request, keys under the `key` prefix. */
  export default class RedisStore {
    constructor(continueExceeding: boolean, exponentialBackoff: boolean, redis: Redis, key?: string);
    incr(key: string, callback: Callback, timeWindow: number, max: number): void;
  }
}
