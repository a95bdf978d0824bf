/**
 * PostgreSQL goes away under load and the built service stays up: a real server of this file's own is
 * stopped while clients read pets over many connections (and over one), then started again on the same
 * port; and connections are killed mid-query with pg_terminate_backend. The process must never exit,
 * every answer is a 200 or a 503 problem, and it serves again within seconds of the database's return.
 * (A connection checked out of the pool used to have no error listener: its end was an uncaught error.)
 */
import type { ChildProcess } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../../src/core/database/embedded.js';
import { TestIssuer } from '../helpers/auth.js';
import { listeningUrl, startBuilt } from '../helpers/process.js';

let dataRoot: string;
let database: EmbeddedPostgres | undefined;
let databasePort: number;
let issuer: TestIssuer;
let child: ChildProcess;
let baseUrl: string;
let petUrl: string;
let readToken: string;

const startDatabase = (port?: number) =>
  startEmbeddedPostgres({ dataDir: join(dataRoot, 'data'), persistent: true, fast: true, ...(port ? { port } : {}) });

beforeAll(async () => {
  dataRoot = mkdtempSync(join(tmpdir(), 'petsage-restart-'));
  database = await startDatabase();
  databasePort = database.port;
  execFileSync(process.execPath, ['dist/migrate.js'], {
    env: { PATH: process.env.PATH ?? '', NODE_ENV: 'production', LOG_LEVEL: 'warn', DATABASE_URL: database.url },
  });
  issuer = await TestIssuer.start();
  child = startBuilt({
    HOST: '127.0.0.1',
    PORT: '0',
    SHUTDOWN_DELAY_MS: '0',
    DATABASE_URL: database.url,
    DATABASE_CONNECT_TIMEOUT_MS: '1000',
    RATE_LIMIT_READ_MAX: '0',
    RATE_LIMIT_WRITE_MAX: '0',
    ...issuer.settings(),
  });
  baseUrl = await listeningUrl(child);
  const created = await fetch(`${baseUrl}/v1/pets/`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${await issuer.token({ scope: 'pets:write' })}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify({ name: 'Rex', species: 'dog' }),
  });
  expect(created.status).toBe(201);
  petUrl = `${baseUrl}/v1/pets/${((await created.json()) as { id: string }).id}`;
  readToken = await issuer.token({ scope: 'pets:read' });
}, 120_000);

afterAll(async () => {
  if (child.exitCode === null) {
    child.kill('SIGTERM');
    await once(child, 'exit');
  }
  await issuer.close();
  await database?.stop();
  rmSync(dataRoot, { recursive: true, force: true });
});

interface Load {
  /** Answers by status, and failed fetches (connection refused or reset) as 0. */
  statuses: Map<number, number>;
  /** Resolves with the time of the first 200 at or after `since`. */
  firstSuccessAfter(since: number): Promise<number>;
  stop(): Promise<void>;
}

/** `connections` clients reading the pet in a loop (bounded: 60 s at most) until stop(). */
function readLoad(connections: number): Load {
  const statuses = new Map<number, number>();
  const successes: number[] = [];
  let running = true;
  const deadline = Date.now() + 60_000;
  const worker = async () => {
    while (running && Date.now() < deadline) {
      let status = 0;
      try {
        const response = await fetch(petUrl, { headers: { authorization: `Bearer ${readToken}` } });
        status = response.status;
        const body = (await response.json()) as { status?: number };
        if (status !== 200) expect(body.status).toBe(status);
      } catch {
        await sleep(10);
      }
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
      if (status === 200) successes.push(Date.now());
    }
  };
  const workers = Array.from({ length: connections }, worker);
  return {
    statuses,
    async firstSuccessAfter(since) {
      for (;;) {
        const found = successes.find((at) => at >= since);
        if (found !== undefined) return found;
        if (!running || Date.now() > deadline) throw new Error('no success after the restart');
        await sleep(20);
      }
    },
    async stop() {
      running = false;
      await Promise.all(workers);
    },
  };
}

describe('PostgreSQL restarting under load', () => {
  it.each([32, 1])(
    'leaves the service up with %i connections, answering 503 meanwhile',
    async (connections) => {
      const load = readLoad(connections);
      await sleep(500);
      await database?.stop();
      database = undefined;
      await sleep(1500);
      expect(child.exitCode).toBeNull();
      database = await startDatabase(databasePort);
      const back = Date.now();
      const recovered = await load.firstSuccessAfter(back);
      await sleep(300);
      await load.stop();

      expect(child.exitCode).toBeNull();
      expect(recovered - back).toBeLessThan(3000);
      expect([...load.statuses.keys()].sort()).toEqual([200, 503]);
    },
    60_000,
  );

  it('survives connections terminated mid-query with pg_terminate_backend', async () => {
    const load = readLoad(16);
    const admin = new pg.Client({ connectionString: (database as EmbeddedPostgres).url });
    await admin.connect();
    try {
      for (let round = 0; round < 10; round += 1) {
        await sleep(100);
        await admin.query(
          "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'petsage' AND pid <> pg_backend_pid()",
        );
      }
    } finally {
      await admin.end();
    }
    const recovered = await load.firstSuccessAfter(Date.now());
    await load.stop();
    expect(child.exitCode).toBeNull();
    expect(recovered).toBeGreaterThan(0);
    expect([...load.statuses.keys()].every((status) => status === 200 || status === 503)).toBe(true);
  }, 60_000);
});
