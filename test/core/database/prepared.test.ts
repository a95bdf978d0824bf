/**
 * Statements run as named prepared statements: PostgreSQL keeps each one on the connection after its
 * first run (pg_prepared_statements), so later runs bind values only; a failed one reports its outcome.
 * A transaction takes the statements run within it, and commits or rolls them back together.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { statementRunner } from '../../../src/core/database/prepared.js';
import { useTestDatabase } from '../../helpers/database.js';

const database = useTestDatabase();
let pool: pg.Pool;

beforeAll(() => {
  // One connection: every statement below runs on the same session, where prepared statements live.
  pool = new pg.Pool({ connectionString: database.url, max: 1 });
});

afterAll(() => pool.end());

it('prepares a statement once under its name and runs it with each call values', async () => {
  const outcomes: boolean[] = [];
  const runner = statementRunner(
    async () => pool,
    (ok) => outcomes.push(ok),
  );
  const statement = { name: 'probe:add:1', text: 'SELECT $1::integer + $2::integer AS sum' };

  expect((await runner.run<{ sum: number }>(statement, [1, 2])).rows).toEqual([{ sum: 3 }]);
  expect((await runner.run<{ sum: number }>(statement, [40, 2])).rows).toEqual([{ sum: 42 }]);
  const prepared = await pool.query<{ name: string }>('SELECT name FROM pg_prepared_statements');
  expect(prepared.rows.map((row) => row.name)).toEqual(['probe:add:1']);

  await expect(runner.run({ name: 'probe:bad:1', text: 'SELECT * FROM no_such_table' }, [])).rejects.toMatchObject({
    code: '42P01',
  });
  expect(outcomes).toEqual([true, true, false]);
});

describe('transaction', () => {
  const insert = { name: 'probe:insert:1', text: 'INSERT INTO probe_rows (n) VALUES ($1)' };
  const rows = async () => (await pool.query<{ n: number }>('SELECT n FROM probe_rows ORDER BY n')).rows;

  beforeAll(async () => {
    await pool.query('CREATE TABLE probe_rows (n integer)');
  });

  it('runs the statements run within it on its own connection (the pool has one) and commits them', async () => {
    const runner = statementRunner(async () => pool);
    const result = await runner.transaction(async () => {
      await runner.run(insert, [1]);
      await runner.run(insert, [2]);
      return 'done';
    });
    expect(result).toBe('done');
    expect(await rows()).toEqual([{ n: 1 }, { n: 2 }]);
  });

  it('rolls back everything when its work throws, and gives the connection back', async () => {
    const runner = statementRunner(async () => pool);
    const refused = new Error('refused');
    await expect(
      runner.transaction(async () => {
        await runner.run(insert, [3]);
        throw refused;
      }),
    ).rejects.toBe(refused);
    expect(await rows()).toEqual([{ n: 1 }, { n: 2 }]);
  });
});
