/**
 * The shared rate-limit store on Redis (REDIS_URL), so a limit holds across replicas. Counting is
 * @fastify/rate-limit's own RedisStore (an atomic Lua INCR + PEXPIRE); this wraps it to report each
 * failed count, after which the limiter lets the request through: a Redis outage must not become an API
 * outage.
 *
 * The client is set to fail fast rather than queue: no offline queue, no retry per command, a short
 * command timeout; it reconnects in the background by itself.
 */
import RedisStore from '@fastify/rate-limit/store/RedisStore.js';
import { Redis } from 'ioredis';
import type { CountStore } from './store.js';

/** A request waits at most this long for Redis before it is let through uncounted. */
export const REDIS_COMMAND_TIMEOUT_MS = 250;
const REDIS_CONNECT_TIMEOUT_MS = 1000;
const NAMESPACE = 'petsage:rate-limit:';

export function redisClient(url: string): Redis {
  return new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: REDIS_COMMAND_TIMEOUT_MS,
    connectTimeout: REDIS_CONNECT_TIMEOUT_MS,
  });
}

/** One policy's counts, under `petsage:rate-limit:<policy>:<client>`. */
export function failOpenRedisStore(client: Redis, policy: string, onFailure: (error: Error) => void): CountStore {
  const counts = new RedisStore(false, false, client, `${NAMESPACE}${policy}:`);
  return {
    incr(key, callback, windowMs, max) {
      counts.incr(
        key,
        (error, result) => {
          if (error) onFailure(error);
          callback(error, result);
        },
        windowMs,
        max,
      );
    },
  };
}
