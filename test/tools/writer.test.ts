/** All or nothing: a failure at any step of a write leaves the project byte for byte as it was. */
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planNew, type Plan } from '../../tools/cli/plan.js';
import { applyPlan, type WriterFs } from '../../tools/cli/writer.js';
import { copyProject, removeProject } from '../../tools/project.js';
import { captureIo, hashTree } from '../helpers/project.js';
import { run } from '../../tools/cli/main.js';

/** Real file operations, failing with EIO at call number `failAt` of `which`. */
function failingFs(which: keyof WriterFs, failAt: number): WriterFs {
  let calls = 0;
  const real: WriterFs = {
    mkdirSync: (path) => {
      mkdirSync(path);
    },
    writeFileSync: (path, data) => {
      writeFileSync(path, data, { flag: 'wx' });
    },
    renameSync: (from, to) => {
      renameSync(from, to);
    },
  };
  const fail = (): void => {
    if (++calls === failAt) throw new Error(`EIO: simulated failure of ${which} #${failAt}`);
  };
  return {
    mkdirSync: (path) => {
      if (which === 'mkdirSync') fail();
      real.mkdirSync(path);
    },
    writeFileSync: (path, data) => {
      if (which === 'writeFileSync') fail();
      real.writeFileSync(path, data);
    },
    renameSync: (from, to) => {
      if (which === 'renameSync') fail();
      real.renameSync(from, to);
    },
  };
}

describe('applyPlan on a copy of the project', () => {
  let root: string;
  let plan: Plan;
  let before: Map<string, string>;

  beforeAll(async () => {
    root = copyProject();
    plan = await planNew(root, {
      name: 'probe_visits',
      description: 'Track veterinary visits',
      summary: 's',
      tag: 't',
    });
    before = hashTree(root);
  });

  afterAll(() => {
    removeProject(root);
  });

  it.each([
    ['writeFileSync', 3],
    ['mkdirSync', 3],
    ['renameSync', 1],
    ['renameSync', 4],
    ['renameSync', 8], // the registry, last
  ] as const)('rolls back when %s fails at call %i', (which, failAt) => {
    expect(() => {
      applyPlan(root, plan, failingFs(which, failAt));
    }).toThrow(/simulated failure/);
    expect(hashTree(root)).toEqual(before);
  });

  it('writes every planned file and the registry when nothing fails', () => {
    applyPlan(root, plan);
    for (const file of plan.files) expect(readFileSync(join(root, file.path), 'utf8')).toBe(file.content);
    expect(readFileSync(join(root, 'src/features/registry.ts'), 'utf8')).toBe(plan.registry.after);
    expect([...hashTree(root).keys()].some((path) => path.includes('.petsage-staging'))).toBe(false);
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
