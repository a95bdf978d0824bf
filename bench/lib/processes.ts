/**
 * Every child process the benchmark starts goes through here, so that each one is stopped: on
 * `stop`, at the end of the run, and on SIGINT/SIGTERM of the runner. What is not a child of ours (the
 * run's PostgreSQL and its data directory) registers its own stop with `onInterrupt`.
 */
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { once } from 'node:events';

const running = new Set<ChildProcess>();

/** Pids of the children still running (the integration test checks it is empty at the end). */
export function runningPids(): number[] {
  return [...running].map((child) => child.pid ?? -1);
}

export function start(command: string, args: readonly string[], options: SpawnOptions = {}): ChildProcess {
  // Its own process group, so that stopping it also stops its children (cluster workers).
  const child = spawn(command, args, { stdio: 'ignore', detached: true, ...options });
  running.add(child);
  child.once('exit', () => running.delete(child));
  return child;
}

/** Runs a TypeScript file of bench/ with tsx in its own process. */
export function startTs(file: string, args: readonly string[] = [], options: SpawnOptions = {}): ChildProcess {
  return start(process.execPath, ['--import', 'tsx', file, ...args], options);
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    if (child.pid !== undefined) process.kill(-child.pid, signal);
  } catch {
    child.kill(signal);
  }
}

/**
 * SIGTERM to the process group, then SIGKILL after `graceMs` (a service may delay its shutdown to
 * drain); resolves once the process has exited, and SIGKILLs whatever is left of its group.
 */
export async function stop(child: ChildProcess, graceMs = 1000): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) {
    const exited = once(child, 'exit');
    killGroup(child, 'SIGTERM');
    const timer = setTimeout(() => {
      killGroup(child, 'SIGKILL');
    }, graceMs);
    await exited;
    clearTimeout(timer);
  }
  try {
    if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
  } catch {
    // the group is already gone
  }
}

export async function stopAll(): Promise<void> {
  await Promise.all([...running].map((child) => stop(child)));
}

/** Stops run on Ctrl-C or SIGTERM of the runner, beside the children's. */
const interruptStops = new Set<() => Promise<void>>();
/** The longest the runner waits for those stops once interrupted. */
const INTERRUPT_STOP_MS = 5000;

/** Registers `stop` to run if the runner is interrupted; returns what unregisters it. */
export function onInterrupt(stop: () => Promise<void>): () => void {
  interruptStops.add(stop);
  return () => interruptStops.delete(stop);
}

/** On Ctrl-C or SIGTERM of the runner: kill every child, run the registered stops, then exit with 130. */
export function stopAllOnSignal(): void {
  const handler = (): void => {
    for (const child of running) killGroup(child, 'SIGKILL');
    setTimeout(() => process.exit(130), INTERRUPT_STOP_MS);
    void Promise.allSettled([...interruptStops].map((stop) => stop())).then(() => process.exit(130));
  };
  process.once('SIGINT', handler);
  process.once('SIGTERM', handler);
}
