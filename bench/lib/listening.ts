/**
 * Starting a server on ports found free a moment before. Another process can bind one of them in that
 * moment (the kernel takes the ports of outgoing connections from the same range), and the server then
 * exits with EADDRINUSE before it answers: such a start is tried again on fresh ports. Any other exit
 * before the first 200 fails at once, with the end of what the server wrote to stderr.
 */
import type { ChildProcess } from 'node:child_process';
import { freePorts } from './ports.js';
import { stop } from './processes.js';
import { untilFirst200 } from './startup.js';

export interface Listening {
  child: ChildProcess;
  /** The ports it was given; the first is the one answering the smoke test. */
  ports: number[];
  /** Spawn to first 200, in ms. */
  startupMs: number;
}

export interface ListeningOptions {
  /** Starts tried in all, on fresh ports each, while the server finds a port taken. */
  attempts?: number;
  /** Longest wait for the first 200, in ms. */
  deadlineMs?: number;
}

/** The last `limit` characters a child writes to stderr (it must be spawned with stderr as 'pipe'). */
function stderrTail(child: ChildProcess, limit = 4096): { text: () => string; closed: Promise<void> } {
  let text = '';
  const stream = child.stderr;
  const closed = stream ? new Promise<void>((resolve) => stream.once('close', resolve)) : Promise.resolve();
  stream?.setEncoding('utf8').on('data', (chunk: string) => {
    text = (text + chunk).slice(-limit);
  });
  return { text: () => text.trim(), closed };
}

/** Spawns with `spawnOn` on `portCount` free ports until the first port answers 200 (see above). */
export async function startListening(
  portCount: number,
  spawnOn: (ports: number[]) => ChildProcess,
  { attempts = 3, deadlineMs }: ListeningOptions = {},
): Promise<Listening> {
  for (let attempt = 1; ; attempt++) {
    const ports = await freePorts(portCount);
    const startedAt = performance.now();
    const child = spawnOn(ports);
    const stderr = stderrTail(child);
    try {
      return { child, ports, startupMs: await untilFirst200(child, ports[0] ?? 0, startedAt, deadlineMs) };
    } catch (error) {
      await stop(child);
      // Everything it wrote, not only what had arrived when it was seen to exit.
      await stderr.closed;
      const said = stderr.text();
      if (attempt < attempts && said.includes('EADDRINUSE')) continue;
      throw new Error(`${(error as Error).message}${said ? `; its stderr:\n${said}` : ''}`, { cause: error });
    }
  }
}
