/**
 * Named prepared statements on the app's pg pool (`app.statements`): a statement's SQL is written once
 * (for a resource, when it is declared) and PostgreSQL parses and plans it once per connection, then only
 * binds each request's values. Values are always parameters; the text never holds one.
 *
 * `transaction(work)` runs `work` in one transaction on one connection: every statement run from within
 * `work` (its async context, through AsyncLocalStorage) goes through that transaction, so code that was
 * written for single statements (the resource engine's create) joins one unchanged; anything `work`
 * throws rolls it all back.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type pg from 'pg';
import type { statementQueries } from './statement-query.js';

/** A statement's name (unique per text: pg refuses one name for two texts) and its SQL with $1.. placeholders. */
export interface PreparedStatement {
  readonly name: string;
  readonly text: string;
}

export interface StatementResult<Row> {
  readonly rows: Row[];
  readonly rowCount: number;
}

export interface StatementRunner {
  run<Row>(statement: PreparedStatement, values: readonly unknown[]): Promise<StatementResult<Row>>;
  /** Runs `work` in one transaction, committed when it resolves and rolled back when it throws. */
  transaction<T>(work: () => Promise<T>): Promise<T>;
}

/** What pg's pool and connections do with a Query they are given: answer it through the callback. */
interface QueryTaker {
  query(query: pg.Query, callback: (error: Error | undefined, result: pg.QueryResult) => void): unknown;
}

function submit(client: pg.Pool | pg.PoolClient, query: pg.Query): Promise<pg.QueryResult> {
  return new Promise((resolve, reject) => {
    (client as unknown as QueryTaker).query(query, (error, result) => {
      if (error) reject(error);
      else resolve(result);
    });
  });
}

/**
 * Runs statements on the pool `openPool` gives (asked once, on the first statement: client.ts makes the
 * pool then), telling `observe` each one's outcome and duration (the query metrics).
 */
export function statementRunner(
  openPool: () => Promise<pg.Pool>,
  observe: (ok: boolean, millis: number) => void = () => undefined,
): StatementRunner {
  const inTransaction = new AsyncLocalStorage<pg.PoolClient>();
  // Both are loaded with the pool, so that pg is not loaded before the first statement (client.ts).
  let opened: { pool: pg.Pool; query: ReturnType<typeof statementQueries> } | undefined;
  const open = async () => {
    const [pool, { statementQueries }] = await Promise.all([openPool(), import('./statement-query.js')]);
    return (opened ??= { pool, query: statementQueries() });
  };
  return {
    // The row type is the caller's to say: the statement's text decides it, which no type can check.
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters
    async run<Row>(statement: PreparedStatement, values: readonly unknown[]) {
      const started = performance.now();
      try {
        const { pool, query } = opened ?? (await open());
        const result = await submit(inTransaction.getStore() ?? pool, query(statement, [...values]));
        observe(true, performance.now() - started);
        return { rows: result.rows as Row[], rowCount: result.rowCount ?? 0 };
      } catch (error) {
        observe(false, performance.now() - started);
        throw error;
      }
    },
    async transaction(work) {
      const client = await (opened ?? (await open())).pool.connect();
      // A connection whose rollback failed is in an unknown state: the pool closes it instead of reusing it.
      let broken: Error | undefined;
      try {
        await client.query('begin');
        const result = await inTransaction.run(client, work);
        await client.query('commit');
        return result;
      } catch (error) {
        await client.query('rollback').catch((rollbackError: unknown) => {
          broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
        });
        throw error;
      } finally {
        client.release(broken);
      }
    },
  };
}
