/**
 * A real Redis server for tests: Debian's redis-server on a free port of 127.0.0.1, nothing saved to
 * disk, stopped by stop(). REDIS_SERVER overrides the binary's path.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { freePort } from '../../bench/lib/ports.js';

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
  await new Promise<void>((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`redis-server did not start:\n${output}`));
    }, 10_000);
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Ready to accept connections')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
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
