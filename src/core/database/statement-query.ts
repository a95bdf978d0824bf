/**
 * pg queries for named prepared statements that read each answer's row description once per statement.
 *
 * PostgreSQL sends a row description ahead of every answer's rows, and pg's Result turns it into type
 * parsers and a row template each time (`addFields`): it fills a null-prototype object and clones it, a
 * slow path in V8. On `GET /v1/pets/{id}` that was about 30 thousand instructions per request, a tenth of
 * the service's own work (callgrind; docs/benchmarks.md). A named statement is described the same way on
 * every run, so the last description seen for each statement is kept with what pg made of it; the next
 * answer whose description matches it field by field (name, type, format) reuses those, and any other (a
 * migration changed the table) goes through pg's own `addFields` and replaces it. Rows are still made by
 * pg's `parseRow` from pg's own parsers and template: test/core/database/statement-query.test.ts pins that
 * they equal what pg's own query returns.
 */
import pg from 'pg';
import type { PreparedStatement } from './prepared.js';

/** A statement's last row description, and the parsers and row template pg's Result made of it. */
interface Description {
  readonly fields: readonly pg.FieldDef[];
  readonly parsers: unknown;
  readonly template: unknown;
}

/** What pg's Result keeps beyond its typings: `addFields` sets these, `parseRow` reads them. */
interface ResultInternals {
  fields: pg.FieldDef[];
  _parsers: unknown;
  _prebuiltEmptyResultObject: unknown;
}

/** What pg's Query keeps beyond its typings: its statement's name, and the result it fills (one, as a prepared statement has). */
interface QueryInternals {
  name: string;
  _result: pg.Result;
  _results: pg.Result;
}

/** pg's own, which its typings leave out. */
type AddFields = (this: pg.Result, fields: pg.FieldDef[]) => void;
const { addFields } = pg.Result.prototype as unknown as { addFields: AddFields };

function sameFields(known: readonly pg.FieldDef[], fields: readonly pg.FieldDef[]): boolean {
  if (known.length !== fields.length) return false;
  for (let index = 0; index < fields.length; index += 1) {
    const was = known[index];
    const is = fields[index];
    if (was?.name !== is?.name || was?.dataTypeID !== is?.dataTypeID || was?.format !== is?.format) return false;
  }
  return true;
}

class DescribedResult extends pg.Result {
  constructor(
    private readonly descriptions: Map<string, Description>,
    private readonly statementName: string,
  ) {
    // Rows as objects, and the pool's type parsers: pg's client gives a result without types its own.
    super(undefined as unknown as string, undefined as unknown as typeof pg.types);
  }

  addFields(fields: pg.FieldDef[]): void {
    const result = this as unknown as ResultInternals;
    const known = this.descriptions.get(this.statementName);
    if (known !== undefined && sameFields(known.fields, fields)) {
      result.fields = fields;
      result._parsers = known.parsers;
      result._prebuiltEmptyResultObject = known.template;
      return;
    }
    addFields.call(this, fields);
    this.descriptions.set(this.statementName, {
      fields,
      parsers: result._parsers,
      template: result._prebuiltEmptyResultObject,
    });
  }
}

/** Makes the queries of one pool's statements: the descriptions kept are those of that pool's answers. */
export function statementQueries(): (statement: PreparedStatement, values: unknown[]) => pg.Query {
  const descriptions = new Map<string, Description>();
  return (statement, values) => {
    // The text and values, then the name: given a config object, pg's Query first copies it through its
    // property descriptors (normalizeQueryConfig), about 1.3 µs a query, 5 % of a read's CPU on Node 24.
    const query = new pg.Query(statement.text, values);
    const internals = query as unknown as QueryInternals;
    internals.name = statement.name;
    internals._result = internals._results = new DescribedResult(descriptions, statement.name);
    return query;
  };
}
