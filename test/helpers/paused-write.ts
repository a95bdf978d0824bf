/** A real `petsage` process paused just before one of its renames (pause-at-rename.js), to kill or resume. */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { untilPrinted } from './printed.js';

const PRELOAD = join(import.meta.dirname, 'pause-at-rename.js');

export interface PausedWrite {
  readonly child: ChildProcess;
  /** Resolves once the process is paused before rename `at`; rejects if it ends first or takes over 60 s. */
  readonly paused: Promise<void>;
  /** Resolves when the process ends, with its exit code and output. */
  readonly exited: Promise<{ code: number | null; stdout: string; stderr: string }>;
}

/** Runs `node bin/petsage.js ...args` in `root`, pausing before rename `at` (until `resumeFile` exists, if given). */
export function pausedWrite(root: string, args: readonly string[], at: number, resumeFile?: string): PausedWrite {
  const env: NodeJS.ProcessEnv = { ...process.env, PETSAGE_TEST_PAUSE_AT_RENAME: String(at) };
  if (resumeFile !== undefined) env.PETSAGE_TEST_RESUME_FILE = resumeFile;
  const child = spawn(process.execPath, ['--import', PRELOAD, 'bin/petsage.js', ...args], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  const exited = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    child.once('exit', (code) => {
      resolve({ code, stdout, stderr });
    });
  });
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const paused = untilPrinted(child, 'stderr', `paused before rename ${at}:`, {
    timeoutMs: 60_000,
    failure: `never paused before rename ${at}`,
  });
  // Awaiting it is optional (a write run with `at` 0 never pauses): its rejection is not left unhandled.
  paused.catch(() => undefined);
  return { child, paused, exited };
}
