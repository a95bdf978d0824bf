/**
 * A real Redis server for tests: Debian's redis-server on a free port of 127.0.0.1, nothing saved to
 * disk, stopped by stop(). REDIS_SERVER overrides the binary's path.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { freePort } from '../../bench/lib/ports.js';
import { untilPrinted } from './printed.js';

export interface RedisServer {
  readonly url: string;
  /** Kills the server outright (SIGKILL), as a crash would, and waits for it to be gone. */
  stop(): Promise<void>;
}

export const REDIS_SERVER = process.env.REDIS_SERVER ?? '/usr/bin/redis-server';

export async function startRedis(): Promise<RedisServer> {
  const port = await freePort();
  const child = spawn(
    REDIS_SERVER,
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  await untilPrinted(child, 'stdout', 'Ready to accept connections', {
    timeoutMs: 10_000,
    failure: 'redis-server did not start',
  });
  let exited = false;
  child.once('exit', () => (exited = true));
  return {
    url: `redis://127.0.0.1:${port}`,
    stop: async () => {
      if (exited) return;
      const gone = once(child, 'exit');
      child.kill('SIGKILL');
      await gone;
    },
  };
}
