/** `petsage db migrate`, run as `npx petsage` runs it, in a project copy with a feature that uses the database. */
import { spawnSync } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeProject } from '../../tools/project.js';
import { createTestDatabase } from '../helpers/database.js';
import { copyProjectWithNotes } from '../helpers/database-project.js';

let root: string;
let database: Awaited<ReturnType<typeof createTestDatabase>>;

beforeAll(async () => {
  root = await copyProjectWithNotes();
  database = await createTestDatabase();
});

afterAll(async () => {
  await database.drop();
  removeProject(root);
});

function migrate(env: Record<string, string> = {}): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, ['bin/petsage.js', 'db', 'migrate'], {
    cwd: root,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', DATABASE_URL: database.url, ...env },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('petsage db migrate', () => {
  it('applies the pending migrations, then says the database is up to date', () => {
    const first = migrate();
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^db migrate: applied (\S+, )*notes\/0001_create_notes(, \S+)*\n$/);

    expect(migrate()).toEqual({ code: 0, stdout: 'db migrate: up to date\n', stderr: '' });
  });

  it('refuses a bad setting with one line and exit 2', () => {
    expect(migrate({ DATABASE_POOL_SIZE: '0' })).toEqual({
      code: 2,
      stdout: '',
      stderr: 'petsage: Invalid setting DATABASE_POOL_SIZE="0": expected an integer from 1 to 1000.\n',
    });
  });

  it('fails with one line naming an applied migration that was edited, and applies nothing', () => {
    appendFileSync(join(root, 'src/features/notes/migrations/0001_create_notes.sql'), '\n-- edited\n');
    expect(migrate()).toEqual({
      code: 1,
      stdout: '',
      stderr:
        'petsage: failed, nothing changed: Migration notes/0001_create_notes was edited after it was applied: add a new migration instead.\n',
    });
  });
});
