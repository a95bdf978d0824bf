/**
 * Applies a plan all or nothing, and atomically at the level a reader sees. Everything is staged first in a
 * folder inside the project (same file system, so renames are atomic): each new folder whole (a new module's
 * folder, its test folder), each replaced file beside a link to its original. A journal then records the
 * steps (journal.ts), and each step is one rename into place: test folders first (so `check` never sees a
 * module without its tests), then module folders, then replaced files, the registry last. If a step fails,
 * the steps placed are undone and the tree is byte for byte as it was; if the process is killed, the next
 * write command undoes them (recovery.ts).
 */
import * as fs from 'node:fs';
import { hostname } from 'node:os';
import { dirname, join } from 'node:path';
import { finish, rollBack, STAGING_PREFIX, writeJournal, type Journal, type Step } from './journal.js';
import type { Plan, PlannedFile } from './plan.js';
import { REGISTRY_FILE, TESTS_DIR } from './tree.js';

const TESTS_AREA = TESTS_DIR.split('/')[0] ?? TESTS_DIR;

export { STAGING_PREFIX } from './journal.js';

/** The file operations the writer uses; tests replace one to simulate a failure midway. */
export interface WriterFs {
  mkdirSync: (path: string) => void;
  writeFileSync: (path: string, data: string) => void;
  renameSync: (from: string, to: string) => void;
  linkSync: (existing: string, link: string) => void;
}

const realFs: WriterFs = {
  mkdirSync: (path) => {
    fs.mkdirSync(path);
  },
  writeFileSync: (path, data) => {
    fs.writeFileSync(path, data, { flag: 'wx' });
  },
  renameSync: (from, to) => {
    fs.renameSync(from, to);
  },
  linkSync: (existing, link) => {
    fs.linkSync(existing, link);
  },
};

interface Unit {
  readonly kind: Step['kind'];
  readonly target: string;
  /** The unit's files, by path inside it ('' when the unit is the file itself). */
  readonly files: { readonly inside: string; readonly content: string }[];
}

/** The highest folder (or the file itself) of `path` that does not exist yet: what one rename creates. */
function firstMissing(root: string, path: string): string {
  const segments = path.split('/');
  for (let length = 1; length < segments.length; length++) {
    const prefix = segments.slice(0, length).join('/');
    if (!fs.existsSync(join(root, prefix))) return prefix;
  }
  return path;
}

/** The plan's files grouped into units, in the order they are placed. */
function unitsOf(root: string, files: readonly PlannedFile[]): Unit[] {
  const units = new Map<string, Unit>();
  for (const { path, content } of files) {
    const exists = fs.existsSync(join(root, path));
    const target = exists ? path : firstMissing(root, path);
    const unit = units.get(target) ?? { kind: exists ? 'replace' : 'create', target, files: [] };
    unit.files.push({ inside: path.slice(target.length + 1), content });
    units.set(target, unit);
  }
  const inTests = (path: string): boolean => `${path}/`.startsWith(`${TESTS_AREA}/`);
  const rank = ({ kind, target }: Unit): number =>
    kind === 'create' ? (inTests(target) ? 0 : 1) : target === REGISTRY_FILE ? 3 : 2;
  return [...units.values()].sort((a, b) => rank(a) - rank(b));
}

function stage(root: string, staging: string, units: readonly Unit[], ops: WriterFs): Step[] {
  return units.map((unit, index) => {
    const staged = String(index);
    const made = new Set<string>();
    const ensureDir = (dir: string): void => {
      if (dir === staging || made.has(dir)) return;
      ensureDir(dirname(dir));
      ops.mkdirSync(dir);
      made.add(dir);
    };
    for (const { inside, content } of unit.files) {
      const path = inside === '' ? join(staging, staged) : join(staging, staged, inside);
      ensureDir(dirname(path));
      ops.writeFileSync(path, content);
    }
    if (unit.kind === 'create') return { kind: 'create', target: unit.target, staged };
    const backup = `${staged}.orig`;
    ops.linkSync(join(root, unit.target), join(staging, backup));
    return { kind: 'replace', target: unit.target, staged, backup };
  });
}

function place(root: string, staging: string, step: Step, ops: WriterFs): void {
  const target = join(root, step.target);
  if (step.kind === 'create' && fs.existsSync(target)) throw new Error(`${step.target} appeared while writing`);
  ops.renameSync(join(staging, step.staged), target);
}

/** Writes `files` (creating or replacing each) all or nothing; `command` names the write in its journal. */
export function applyFiles(root: string, files: readonly PlannedFile[], command: string, ops: WriterFs = realFs): void {
  const units = unitsOf(root, files);
  const staging = fs.mkdtempSync(join(root, STAGING_PREFIX));
  let journal: Journal | undefined;
  try {
    const steps = stage(root, staging, units, ops);
    journal = { command, pid: process.pid, host: hostname(), startedAt: new Date().toISOString(), steps };
    writeJournal(staging, journal, ops.renameSync);
    for (const step of steps) place(root, staging, step, ops);
  } catch (error) {
    if (journal === undefined) finish(staging);
    else rollBack(root, staging, journal);
    throw error;
  }
  finish(staging);
}

/**
 * Writes a plan's files (new or replacing existing ones) and its registry if it changes, all or nothing.
 * Call it under the project lock, with the plan made under it too (recovery.ts's lockedWrite).
 */
export function applyPlan(
  root: string,
  plan: Plan,
  command = `write ${plan.module.name} v${plan.module.version}`,
  ops: WriterFs = realFs,
): void {
  const registry =
    plan.registry.after === plan.registry.before ? [] : [{ path: REGISTRY_FILE, content: plan.registry.after }];
  applyFiles(root, [...plan.files.filter((file) => file.path !== REGISTRY_FILE), ...registry], command, ops);
}
