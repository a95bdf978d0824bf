/**
 * Named prepared statements on the app's pg pool (`app.statements`): a statement's SQL is written once
 * (for a resource, when it is declared) and PostgreSQL parses and plans it once per connection, then only
 * binds each request's values. Values are always parameters; the text never holds one.
 */
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
}

/** Runs statements on `pool`, telling `observe` each one's outcome and duration (the query metrics). */
export function statementRunner(
  pool: pg.Pool,
  observe: (ok: boolean, millis: number) => void = () => undefined,
): StatementRunner {
  return {
    // The row type is the caller's to say: the statement's text decides it, which no type can check.
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters
    async run<Row>(statement: PreparedStatement, values: readonly unknown[]) {
      const started = performance.now();
      try {
        const result = await pool.query({ name: statement.name, text: statement.text, values: [...values] });
        observe(true, performance.now() - started);
        return { rows: result.rows as Row[], rowCount: result.rowCount ?? 0 };
      } catch (error) {
        observe(false, performance.now() - started);
        throw error;
      }
    },
  };
}
