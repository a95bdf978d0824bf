/**
 * One writer at a time on a project. `.petsage.lock` names its owner (pid, host, start time, command); a
 * writer that finds it waits, up to a bound, then is refused in one line. A lock whose process is gone (same
 * host, no such pid) is stale and taken over, so a killed writer never blocks the next one.
 */
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Refusal } from './errors.js';

export const LOCK_FILE = '.petsage.lock';

/** How long a writer waits for another by default: a `feature new` takes a second or two. */
export const DEFAULT_LOCK_WAIT_MS = 60_000;
const POLL_MS = 50;

export interface LockOwner {
  readonly pid: number;
  readonly host: string;
  readonly startedAt: string;
  readonly command: string;
  /** Unique per acquisition, so a lock is never mistaken for another one held by the same pid. */
  readonly token: string;
}

function readOwner(path: string): LockOwner | undefined {
  let text: string;
  try {
    text = fs.readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  try {
    return JSON.parse(text) as LockOwner;
  } catch {
    throw new Refusal(`${LOCK_FILE} is not a lock this command wrote: remove it if no petsage command is running.`);
  }
}

/** Whether the process is alive, as far as this host can tell (another host's processes count as alive). */
export function ownerAlive(owner: Pick<LockOwner, 'pid' | 'host'>): boolean {
  if (owner.host !== hostname()) return true;
  try {
    process.kill(owner.pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Creates the lock file whole (written aside, then linked: readers never see it half written); false if taken. */
function tryCreate(path: string, owner: LockOwner): boolean {
  const aside = `${path}.${owner.token}`;
  fs.writeFileSync(aside, JSON.stringify(owner));
  try {
    fs.linkSync(aside, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    fs.rmSync(aside, { force: true });
  }
}

/**
 * Removes a stale lock, safely against other writers doing the same: only the one that creates the marker
 * named after the stale lock's token may remove it, and only if the lock still holds that token, so a fresh
 * lock taken in the meantime is never removed. If that writer is killed here, its marker stays and the lock
 * is refused as held, naming the file to remove. Returns false if another writer is taking it over.
 */
function takeOver(path: string, stale: LockOwner): boolean {
  const marker = `${path}.takeover-${stale.token}`;
  try {
    fs.writeFileSync(marker, String(process.pid), { flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    if (readOwner(path)?.token === stale.token) fs.rmSync(path);
    return true;
  } finally {
    fs.rmSync(marker, { force: true });
  }
}

async function acquire(root: string, command: string, waitMs: number): Promise<LockOwner> {
  const path = join(root, LOCK_FILE);
  const owner: LockOwner = {
    pid: process.pid,
    host: hostname(),
    startedAt: new Date().toISOString(),
    command,
    token: randomUUID(),
  };
  const deadline = Date.now() + waitMs;
  for (;;) {
    if (tryCreate(path, owner)) return owner;
    const holder = readOwner(path);
    if (holder === undefined) continue;
    if (!ownerAlive(holder) && takeOver(path, holder)) continue;
    if (Date.now() >= deadline) {
      throw new Refusal(
        `The project is locked by \`${holder.command}\` (process ${holder.pid} on ${holder.host}, since ${holder.startedAt}): ` +
          `waited ${waitMs / 1000} s; run again when it ends, or remove ${LOCK_FILE} if that process is gone.`,
      );
    }
    await sleep(POLL_MS);
  }
}

function release(root: string, owner: LockOwner): void {
  const path = join(root, LOCK_FILE);
  if (readOwner(path)?.token === owner.token) fs.rmSync(path);
}

/** Runs `write` holding the project's lock; `command` names the holder to whoever waits. */
export async function withProjectLock<T>(
  root: string,
  command: string,
  write: () => Promise<T>,
  waitMs = DEFAULT_LOCK_WAIT_MS,
): Promise<T> {
  const owner = await acquire(root, command, waitMs);
  try {
    return await write();
  } finally {
    release(root, owner);
  }
}
