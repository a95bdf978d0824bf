/** The production migration command, `node dist/migrate.js`, as the Kubernetes migration Job runs it. */
import { readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../helpers/database.js';
import { startServer, waitForExit } from '../helpers/process.js';

const MIGRATE_ENTRY = ['dist/migrate.js'];
let database: Awaited<ReturnType<typeof createTestDatabase>>;

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.drop());

/** Every migration file the build ships, as the migrator names them (<feature>/<NNNN_slug>, @core/<NNNN_slug>). */
function shippedMigrations(): string[] {
  const features = readdirSync('dist/features', { recursive: true, encoding: 'utf8' })
    .filter((path) => path.endsWith('.sql'))
    .map((path) => path.replace('/migrations/', '/'));
  const core = readdirSync('dist/core/migrations').map((file) => `@core/${file}`);
  return [...core, ...features].map((name) => name.replace(/\.sql$/, '')).sort();
}

describe('node dist/migrate.js', () => {
  it('applies every migration the build ships, then finds nothing to do', async () => {
    const env = { NODE_ENV: 'production', DATABASE_URL: database.url, LOG_LEVEL: 'info' };
    const first = await waitForExit(startServer(env, MIGRATE_ENTRY), 60_000);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const line = JSON.parse(first.stdout.trim().split('\n').at(-1) ?? '{}') as { migrations: string[]; msg: string };
    expect([...line.migrations].sort()).toEqual(shippedMigrations());

    const second = await waitForExit(startServer(env, MIGRATE_ENTRY), 60_000);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('"msg":"database migrated: 0 migration(s) applied"');
  }, 120_000);

  it('refuses to run in production without DATABASE_URL, in one line', async () => {
    const { code, stderr } = await waitForExit(
      startServer({ NODE_ENV: 'production', DATABASE_URL: '' }, MIGRATE_ENTRY),
    );
    expect(code).toBe(1);
    expect(stderr).toBe(
      'Missing setting DATABASE_URL: NODE_ENV=production and a registered feature uses the database; expected a postgres:// or postgresql:// connection URL.\n',
    );
  });

  it('fails with exit 1 and one line when the database is unreachable', async () => {
    const env = { NODE_ENV: 'production', DATABASE_URL: 'postgres://nobody:x@127.0.0.1:1/none' };
    const { code, stderr } = await waitForExit(startServer(env, MIGRATE_ENTRY), 30_000);
    expect(code).toBe(1);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/ECONNREFUSED|connect/);
  });
});
