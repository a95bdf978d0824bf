/**
 * The shared rate-limit store on Redis (REDIS_URL), so a limit holds across replicas. Counting is
 * @fastify/rate-limit's own RedisStore (an atomic Lua INCR + PEXPIRE); this wraps it to report each
 * failed count, after which the plugin lets the request through (skipOnError): a Redis outage must not
 * become an API outage.
 *
 * The client is set to fail fast rather than queue: no offline queue, no retry per command, a short
 * command timeout; it reconnects in the background by itself.
 */
import type { FastifyRateLimitStore, FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import RedisStore from '@fastify/rate-limit/store/RedisStore.js';
import { Redis } from 'ioredis';

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

export function failOpenRedisStore(client: Redis, onFailure: (error: Error) => void): FastifyRateLimitStoreCtor {
  const counts = new RedisStore(false, false, client, NAMESPACE);
  return class FailOpenRedisStore implements FastifyRateLimitStore {
    incr(
      key: string,
      callback: (error: Error | null, result?: { current: number; ttl: number }) => void,
      timeWindow: number,
      max: number,
    ): void {
      counts.incr(
        key,
        (error, result) => {
          if (error) onFailure(error);
          callback(error, result ?? undefined);
        },
        timeWindow,
        max,
      );
    }

    /** One store for every group: the plugin's keys already name the group (see plugin.ts). */
    child(): FastifyRateLimitStore {
      return this;
    }
  };
}
