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

/**
 * Runs statements on the pool `openPool` gives (asked once, on the first statement: client.ts makes the
 * pool then), telling `observe` each one's outcome and duration (the query metrics).
 */
export function statementRunner(
  openPool: () => Promise<pg.Pool>,
  observe: (ok: boolean, millis: number) => void = () => undefined,
): StatementRunner {
  const inTransaction = new AsyncLocalStorage<pg.PoolClient>();
  let pool: pg.Pool | undefined;
  const opened = async (): Promise<pg.Pool> => (pool ??= await openPool());
  return {
    // The row type is the caller's to say: the statement's text decides it, which no type can check.
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters
    async run<Row>(statement: PreparedStatement, values: readonly unknown[]) {
      const started = performance.now();
      try {
        const client = inTransaction.getStore() ?? pool ?? (await opened());
        const result = await client.query({ name: statement.name, text: statement.text, values: [...values] });
        observe(true, performance.now() - started);
        return { rows: result.rows as Row[], rowCount: result.rowCount ?? 0 };
      } catch (error) {
        observe(false, performance.now() - started);
        throw error;
      }
    },
    async transaction(work) {
      const client = await (pool ?? (await opened())).connect();
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
