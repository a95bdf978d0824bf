/**
 * The statement runner reads a statement's row description once (statement-query.ts) and still answers
 * exactly what pg's own query does: same rows, same values through the pool's type parsers, nulls, and a
 * new description taken when a migration changes what a statement returns.
 */
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createDatabaseClient, type DatabaseClient } from '../../../src/core/database/client.js';
import { statementRunner, type StatementRunner } from '../../../src/core/database/prepared.js';
import { useTestDatabase } from '../../helpers/database.js';

const database = useTestDatabase();
let client: DatabaseClient;
let runner: StatementRunner;
let pool: pg.Pool;

beforeAll(async () => {
  // The service's own pool (its type parsers), with one connection: a statement's preparation lives on it.
  client = createDatabaseClient({
    DATABASE_URL: database.url,
    DATABASE_POOL_SIZE: 1,
    DATABASE_CONNECT_TIMEOUT_MS: 5000,
    DATABASE_STATEMENT_TIMEOUT_MS: 5000,
  });
  pool = await client.pool();
  runner = statementRunner(client.pool);
  await pool.query(`CREATE TABLE probe_pets (
    id integer PRIMARY KEY, name text NOT NULL, born date, seen timestamptz, weight numeric, tags text[], extra jsonb)`);
  await pool.query(`INSERT INTO probe_pets VALUES
    (1, 'Rex', '2020-02-29', '2026-12-07T10:11:12.345Z', 12.5, '{a,b}', '{"k": [1, "two"]}'),
    (2, 'Null', NULL, NULL, NULL, NULL, NULL)`);
});

afterAll(() => client.close());

const byId = { name: 'probe:pet:1', text: 'SELECT * FROM probe_pets WHERE id = $1' };
const plain = async (id: number): Promise<unknown[]> =>
  (await pool.query<Record<string, unknown>>({ text: byId.text, values: [id] })).rows;

it('answers the rows pg itself answers, on the first run and on every later one', async () => {
  for (const id of [1, 2, 1, 2, 3]) {
    const { rows } = await runner.run(byId, [id]);
    expect(rows).toStrictEqual(await plain(id));
  }
  const [rex] = (await runner.run<Record<string, unknown>>(byId, [1])).rows;
  // The pool's parsers, not pg's defaults: a date stays its text, an instant is RFC 3339 in UTC.
  expect(rex).toEqual({
    id: 1,
    name: 'Rex',
    born: '2020-02-29',
    seen: '2026-12-07T10:11:12.345Z',
    weight: '12.5',
    tags: ['a', 'b'],
    extra: { k: [1, 'two'] },
  });
  expect(Object.getPrototypeOf(rex)).toBe(Object.prototype);
});

it('keeps each statement to its own description', async () => {
  const names = { name: 'probe:names:1', text: 'SELECT name, id AS number FROM probe_pets ORDER BY id' };
  const weights = {
    name: 'probe:weights:1',
    text: 'SELECT weight::float8 AS name, name AS id FROM probe_pets ORDER BY probe_pets.id',
  };
  for (let round = 0; round < 2; round += 1) {
    expect((await runner.run(names, [])).rows).toStrictEqual([
      { name: 'Rex', number: 1 },
      { name: 'Null', number: 2 },
    ]);
    expect((await runner.run(weights, [])).rows).toStrictEqual([
      { name: 12.5, id: 'Rex' },
      { name: null, id: 'Null' },
    ]);
  }
});

it('takes the new description when a migration changes what the statement returns', async () => {
  expect(Object.keys((await runner.run<object>(byId, [1])).rows[0] ?? {})).not.toContain('chip');
  await pool.query("ALTER TABLE probe_pets ADD COLUMN chip text NOT NULL DEFAULT 'none', DROP COLUMN weight");
  // PostgreSQL refuses the statement prepared before the change once; pg prepares it again on the next run.
  await expect(runner.run(byId, [1])).rejects.toMatchObject({ code: '0A000' });
  const { rows } = await runner.run<Record<string, unknown>>(byId, [1]);
  expect(rows).toStrictEqual(await plain(1));
  expect(rows[0]).toMatchObject({ chip: 'none', name: 'Rex' });
  expect(rows[0]).not.toHaveProperty('weight');
});
