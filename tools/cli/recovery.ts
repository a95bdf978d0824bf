/**
 * What an interrupted write left (a staging folder, journal.ts): every write command undoes it first, under
 * the project lock, and `check` names it with the one command that cleans it.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Violation } from './check.js';
import { finish, readJournal, rollBack, STAGING_PREFIX } from './journal.js';
import { ownerAlive, withProjectLock } from './lock.js';

const CLEAN = 'npx petsage feature sync';

function stagingFolders(root: string): string[] {
  return readdirSync(root)
    .filter((entry) => entry.startsWith(STAGING_PREFIX))
    .sort();
}

/** Undoes every interrupted write; call it holding the lock (nobody else is writing). One line per write. */
export function recoverInterrupted(root: string): string[] {
  return stagingFolders(root).map((name) => {
    const staging = join(root, name);
    const journal = readJournal(staging);
    if (journal === undefined) {
      finish(staging);
      return `Removed ${name}/, left by a write interrupted before it changed anything.\n`;
    }
    rollBack(root, staging, journal);
    const targets = journal.steps.map((step) => step.target).join(', ');
    return `Rolled back an interrupted \`${journal.command}\` (process ${journal.pid}, started ${journal.startedAt}): ${targets}.\n`;
  });
}

/** For `check`: each staging folder left in the project, what it is and how to clean it. */
export function interruptedWrites(root: string): Violation[] {
  return stagingFolders(root).map((name) => {
    const path = `${name}/`;
    const journal = readJournal(join(root, name));
    if (journal === undefined) {
      return {
        path,
        problem: `staging folder of an unfinished write, which changed nothing: run \`${CLEAN}\` to remove it`,
      };
    }
    if (ownerAlive(journal)) {
      return { path, problem: `\`${journal.command}\` is writing (process ${journal.pid}): check again when it ends` };
    }
    return {
      path,
      problem: `left by an interrupted \`${journal.command}\` (process ${journal.pid} is gone), which may have changed part of the tree: run \`${CLEAN}\` to roll it back`,
    };
  });
}

/** The frame of every write command: the project lock, then undoing what an interrupted write left, then `write`. */
export async function lockedWrite<T>(
  root: string,
  command: string,
  notify: (line: string) => void,
  write: () => Promise<T>,
  waitMs?: number,
): Promise<T> {
  return withProjectLock(
    root,
    command,
    async () => {
      for (const line of recoverInterrupted(root)) notify(line);
      return write();
    },
    waitMs,
  );
}
