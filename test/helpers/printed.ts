/** Waiting for a child process to say something: a server's ready line, a runner's progress line. */
import type { ChildProcess } from 'node:child_process';

/**
 * Resolves once the child's `stream` has printed `marker`. Rejects with `failure` and all it printed if the
 * child fails to spawn or exits first, or after `timeoutMs`, when the child is killed.
 */
export function untilPrinted(
  child: ChildProcess,
  stream: 'stdout' | 'stderr',
  marker: string,
  { timeoutMs, failure }: { timeoutMs: number; failure: string },
): Promise<void> {
  return new Promise((resolve, reject) => {
    let output = '';
    const fail = (reason: string): void => {
      clearTimeout(timer);
      reject(new Error(`${failure} (${reason}):\n${output}`));
    };
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      fail(`nothing after ${timeoutMs} ms`);
    }, timeoutMs);
    child[stream]?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes(marker)) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('error', (error) => {
      fail(error.message);
    });
    child.once('exit', (code) => {
      fail(`exited with ${String(code)}`);
    });
  });
}
