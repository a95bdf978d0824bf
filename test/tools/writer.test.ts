/**
 * All or nothing: a failure at any call of any file operation of a write leaves the project byte for byte
 * as it was, for a new feature's plan and for a write that also replaces existing files.
 */
import { linkSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../tools/cli/main.js';
import { planNew, type Plan, type PlannedFile } from '../../tools/cli/plan.js';
import { applyFiles, applyPlan, type WriterFs } from '../../tools/cli/writer.js';
import { copyProject, removeProject } from '../../tools/project.js';
import { captureIo, hashTree } from '../helpers/project.js';

const OPERATIONS = ['mkdirSync', 'writeFileSync', 'linkSync', 'renameSync'] as const;
type Operation = (typeof OPERATIONS)[number];

/** Real file operations, counting calls, failing with EIO at call number `failAt` of `which`. */
function failingFs(which?: Operation, failAt = 0, counts = new Map<Operation, number>()): WriterFs {
  const guard = (operation: Operation): void => {
    const calls = (counts.get(operation) ?? 0) + 1;
    counts.set(operation, calls);
    if (operation === which && calls === failAt) throw new Error(`EIO: simulated failure of ${which} #${failAt}`);
  };
  return {
    mkdirSync: (path) => {
      guard('mkdirSync');
      mkdirSync(path);
    },
    writeFileSync: (path, data) => {
      guard('writeFileSync');
      writeFileSync(path, data, { flag: 'wx' });
    },
    linkSync: (existing, link) => {
      guard('linkSync');
      linkSync(existing, link);
    },
    renameSync: (from, to) => {
      guard('renameSync');
      renameSync(from, to);
    },
  };
}

/** How many calls of each operation a write makes, counted on a throwaway copy. */
function countCalls(write: (root: string, ops: WriterFs) => void): Map<Operation, number> {
  const scratch = copyProject();
  const counts = new Map<Operation, number>();
  try {
    write(scratch, failingFs(undefined, 0, counts));
  } finally {
    removeProject(scratch);
  }
  return counts;
}

/** Fails each operation at each of its calls in turn; each time, the tree must be as it was. */
function expectRollbackAtEveryCall(root: string, write: (root: string, ops: WriterFs) => void): void {
  const counts = countCalls(write);
  expect(counts.get('renameSync')).toBeGreaterThan(1);
  const before = hashTree(root);
  for (const operation of OPERATIONS) {
    for (let call = 1; call <= (counts.get(operation) ?? 0); call++) {
      expect(() => {
        write(root, failingFs(operation, call));
      }, `${operation} #${call}`).toThrow(/simulated failure/);
      expect(hashTree(root), `${operation} #${call}`).toEqual(before);
    }
  }
}

/** Every file holds its planned content, and no staging folder is left. */
function expectWritten(root: string, files: readonly PlannedFile[]): void {
  for (const file of files) expect(readFileSync(join(root, file.path), 'utf8')).toBe(file.content);
  expect([...hashTree(root).keys()].some((path) => path.includes('.petsage-staging'))).toBe(false);
}

describe('applyPlan on a copy of the project', () => {
  let root: string;
  let plan: Plan;

  beforeAll(async () => {
    root = copyProject();
    plan = await planNew(root, {
      name: 'probe_visits',
      description: 'Track veterinary visits',
      summary: 's',
      tag: 't',
    });
  });

  afterAll(() => {
    removeProject(root);
  });

  it('rolls back when any operation fails at any call', () => {
    expectRollbackAtEveryCall(root, (at, ops) => {
      applyPlan(at, plan, 'test', ops);
    });
  });

  it('writes every planned file and the registry when nothing fails', () => {
    applyPlan(root, plan, 'test');
    expectWritten(root, [...plan.files, { path: 'src/features/registry.ts', content: plan.registry.after }]);
  });

  it('changes nothing and exits 1 in one line when the registry cannot be read', async () => {
    const registry = join(root, 'src/features/registry.ts');
    const saved = readFileSync(registry);
    rmSync(registry);
    mkdirSync(registry);
    const unreadable = hashTree(root);
    const io = captureIo(root);
    expect(await run(['feature', 'new', 'probe_notes', '-d', 'Notes'], io)).toBe(1);
    expect(io.err).toMatch(/^petsage: failed, nothing changed: Cannot read src\/features\/registry\.ts: .*\n$/);
    expect(hashTree(root)).toEqual(unreadable);
    rmSync(registry, { recursive: true });
    writeFileSync(registry, saved);
  });
});

describe('applyFiles: writes that create and replace files', () => {
  let root: string;
  const files: PlannedFile[] = [
    { path: 'docs/probe-new.md', content: '# new file in an existing folder\n' },
    { path: 'probe_area/deep/one.txt', content: 'one\n' },
    { path: 'probe_area/two.txt', content: 'two\n' },
    { path: 'README.md', content: '# replaced\n' },
    { path: 'src/features/registry.ts', content: '// replaced registry\n' },
  ];

  beforeAll(() => {
    root = copyProject();
  });

  afterAll(() => {
    removeProject(root);
  });

  it('rolls back, restoring replaced files, when any operation fails at any call', () => {
    expectRollbackAtEveryCall(root, (at, ops) => {
      applyFiles(at, files, 'test', ops);
    });
  });

  it('creates and replaces every file when nothing fails', () => {
    applyFiles(root, files, 'test');
    expectWritten(root, files);
  });
});
