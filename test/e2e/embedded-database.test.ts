/**
 * Development with no DATABASE_URL: the service starts an embedded PostgreSQL whose data persists in the
 * project's DATABASE_DIR across restarts, even in a project copy only root may enter (mode 700, where the
 * server, run as the `postgres` user when we are root, must still reach its data and binaries). In
 * production the same project refuses to start without DATABASE_URL.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeProject } from '../../tools/project.js';
import { copyProjectWithNotes } from '../helpers/database-project.js';
import { DEVELOPMENT, listeningUrl, SERVER_ENTRY, startServer, waitForExit } from '../helpers/process.js';

let root: string;
beforeAll(async () => {
  root = await copyProjectWithNotes();
});
afterAll(() => {
  removeProject(root);
});

/** Runs the service from source in the copy, calls `use` with its URL, then stops it with SIGTERM. */
async function withService<T>(use: (url: string) => Promise<T>): Promise<T> {
  const child = startServer(DEVELOPMENT, SERVER_ENTRY, root);
  const exited = waitForExit(child, 90_000);
  try {
    return await use(await listeningUrl(child, 60_000));
  } finally {
    child.kill('SIGTERM');
    const { code, stderr } = await exited;
    expect(stderr).toBe('');
    expect(code).toBe(0);
  }
}

describe('the embedded development database', () => {
  it('keeps a record across a restart of the service, in a git-ignored directory', async () => {
    expect(statSync(root).mode & 0o777).toBe(0o700);
    const id = await withService(async (url) => {
      const created = await fetch(`${url}/v1/notes/`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ title: 'remember me' }),
      });
      expect(created.status).toBe(201);
      return ((await created.json()) as { id: string }).id;
    });

    const dataDir = join(root, '.petsage/postgres');
    expect(existsSync(join(dataDir, 'PG_VERSION'))).toBe(true);
    // Stopped with the service, not left running.
    expect(existsSync(join(dataDir, 'postmaster.pid'))).toBe(false);
    expect(readFileSync(join(root, '.gitignore'), 'utf8').split('\n')).toContain('.petsage/');

    await withService(async (url) => {
      const read = await fetch(`${url}/v1/notes/${id}`);
      expect(read.status).toBe(200);
      expect(await read.json()).toMatchObject({ id, title: 'remember me' });
    });
  }, 180_000);

  it('is not used in production: without DATABASE_URL the service refuses to start, in one line', async () => {
    const child = startServer({ ...DEVELOPMENT, NODE_ENV: 'production' }, SERVER_ENTRY, root);
    const { code, stdout, stderr } = await waitForExit(child, 30_000);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toBe(
      'Missing setting DATABASE_URL: NODE_ENV=production and a registered feature uses the database; expected a postgres:// or postgresql:// connection URL.\n',
    );
  }, 60_000);
});
