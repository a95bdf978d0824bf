/**
 * A fresh database for one test file, on the run's real PostgreSQL server (database-server.ts starts it):
 *
 * ```ts
 * const database = useTestDatabase(); // at the top of the file: created before its tests, dropped after
 * it('...', async () => { const app = createApp(database.settings(), { features: [myFeature] }); ... });
 * ```
 *
 * `settings()` are test settings (silent logs, NODE_ENV=test, so createApp migrates) pointing at that
 * database; `url` is its connection URL, for a child process's DATABASE_URL.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import type { Settings } from '../../src/config.js';
import { perTestFile } from './per-test-file.js';
import { testSettings } from './settings.js';

export interface TestDatabase {
  /** Connection URL of this file's database. */
  readonly url: string;
  readonly name: string;
  settings(env?: Record<string, string>): Settings;
}

/** The run's server, as the `postgres` superuser: for creating and dropping databases. */
export function serverUrl(database = 'postgres'): string {
  const url = new URL(inject('postgresUrl'));
  url.pathname = `/${database}`;
  return url.toString();
}

/** Runs one statement on the run's server as the superuser. */
export async function onServer(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl() });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/** Creates a database with a unique name now; `drop` removes it (closing any connection still open). */
export async function createTestDatabase(): Promise<TestDatabase & { drop(): Promise<void> }> {
  const name = `petsage_test_${randomBytes(6).toString('hex')}`;
  await onServer(`CREATE DATABASE ${name}`);
  const url = serverUrl(name);
  return {
    url,
    name,
    settings: (env = {}) => testSettings({ DATABASE_URL: url, ...env }),
    drop: () => onServer(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

/** A database for the calling test file: created in beforeAll, dropped in afterAll. */
export function useTestDatabase(): TestDatabase {
  const current = perTestFile('useTestDatabase()', createTestDatabase, (database) => database.drop());
  return {
    get url() {
      return current().url;
    },
    get name() {
      return current().name;
    },
    settings: (env) => current().settings(env),
  };
}
