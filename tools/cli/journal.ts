/**
 * The intent of a write, kept in its staging folder: which staged folder or file goes where. It is written
 * whole (aside, then renamed) once everything is staged and before anything in the tree changes, and removed
 * once the write is complete or undone, so a staging folder holding a journal is a write that was cut short.
 * Each step's state is read from the staging folder itself (a staged entry still there was not placed), so
 * undoing works from any point a write reached, and can itself be cut short and run again.
 */
import * as fs from 'node:fs';
import { isAbsolute, join, normalize } from 'node:path';

export const STAGING_PREFIX = '.petsage-staging-';
export const JOURNAL_FILE = 'journal.json';

export interface Step {
  /** create: `target` did not exist; replace: it did, and `backup` (in staging) is a link to the original. */
  readonly kind: 'create' | 'replace';
  /** Relative to the project root: a whole folder, or a file. */
  readonly target: string;
  /** Names inside the staging folder. */
  readonly staged: string;
  readonly backup?: string;
}

export interface Journal {
  readonly command: string;
  readonly pid: number;
  readonly host: string;
  readonly startedAt: string;
  readonly steps: readonly Step[];
}

export function writeJournal(staging: string, journal: Journal, rename: (from: string, to: string) => void): void {
  const aside = join(staging, `${JOURNAL_FILE}.tmp`);
  fs.writeFileSync(aside, JSON.stringify(journal, null, 2));
  rename(aside, join(staging, JOURNAL_FILE));
}

const insideRoot = (path: string): boolean =>
  !isAbsolute(path) && !normalize(path).startsWith('..') && normalize(path) !== '.';
const stagedName = (name: unknown): boolean => typeof name === 'string' && /^[0-9]+(\.orig)?$/.test(name);

/** The journal of a staging folder; undefined if it has none (the write never changed the tree). */
export function readJournal(staging: string): Journal | undefined {
  let text: string;
  try {
    text = fs.readFileSync(join(staging, JOURNAL_FILE), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const unknown = `${join(staging, JOURNAL_FILE)} is not a journal this builder writes: remove that folder by hand`;
  let journal: Journal;
  try {
    journal = JSON.parse(text) as Journal;
  } catch {
    throw new Error(unknown);
  }
  // Steps move files in the tree: only ever paths inside the project, and names this writer gives.
  const steps: unknown = journal.steps;
  const valid =
    Array.isArray(steps) &&
    journal.steps.every(
      (step) =>
        insideRoot(step.target) &&
        stagedName(step.staged) &&
        ['create', 'replace'].includes(step.kind) &&
        (step.kind === 'create' || stagedName(step.backup)),
    );
  if (!valid) throw new Error(unknown);
  return journal;
}

/**
 * Undoes the steps a write placed, last first: a created folder or file goes back into staging; a replaced
 * file gets its original back. Then removes the journal and the staging folder.
 */
export function rollBack(root: string, staging: string, journal: Journal): void {
  for (const step of [...journal.steps].reverse()) {
    const staged = join(staging, step.staged);
    if (fs.existsSync(staged)) continue;
    const target = join(root, step.target);
    if (step.kind === 'create' && fs.existsSync(target)) fs.renameSync(target, staged);
    const backup = step.backup === undefined ? undefined : join(staging, step.backup);
    if (step.kind === 'replace' && backup !== undefined && fs.existsSync(backup)) fs.renameSync(backup, target);
  }
  finish(staging);
}

/** Removes a staging folder, journal first: a folder without one never needs undoing. */
export function finish(staging: string): void {
  fs.rmSync(join(staging, JOURNAL_FILE), { force: true });
  fs.rmSync(staging, { recursive: true, force: true });
}
