/**
 * A resource's repository on the database: its prepared statements (statements.ts) run on
 * `app.statements`, with each request's values bound in the statement's order. A field a new record leaves
 * out is stored as its default, or null.
 */
import type { StatementRunner } from '../database/prepared.js';
import type { ChangesOf, Fields, NewOf, ResourceDeclaration, RowOf } from './declaration.js';
import { INTEGER_RANGE } from './fields.js';
import type { ExpectedRevision } from './preconditions.js';
import type { RecordRepository } from './service.js';
import { resourceStatements } from './statements.js';

export type ResourceRepository<F extends Fields> = RecordRepository<RowOf<F>, NewOf<F>, ChangesOf<F>, ChangesOf<F>>;

/** The revisions a statement may match: null for any; one past the column's range matches none. */
const revisions = (expected: ExpectedRevision): readonly number[] | null =>
  expected === '*' ? null : expected.filter((revision) => revision <= INTEGER_RANGE.maximum);

export function resourceStore<F extends Fields>(
  resource: ResourceDeclaration<F>,
  runner: StatementRunner,
): ResourceRepository<F> {
  const statements = resourceStatements(resource);
  const names = Object.keys(resource.fields);
  /** The fields `values` sets, in declaration order: one statement per combination. */
  const given = (values: object): string[] =>
    names.filter((name) => (values as Record<string, unknown>)[name] !== undefined);
  const valuesOf = (values: object, keys: readonly string[]): unknown[] =>
    keys.map((name) => (values as Record<string, unknown>)[name]);
  const first = async (statement: Parameters<StatementRunner['run']>[0], values: unknown[]) =>
    (await runner.run<RowOf<F>>(statement, values)).rows[0];

  return {
    insert: async (row) => {
      const values = names.map(
        (name) => (row as Record<string, unknown>)[name] ?? resource.fields[name]?.default ?? null,
      );
      const inserted = await first(statements.insert, [row.id, row.created_at, row.updated_at, ...values]);
      if (inserted === undefined) throw new Error(`INSERT INTO ${resource.table} returned no row`);
      return inserted;
    },
    find: (id) => first(statements.find, [id]),
    page: async ({ limit, after, filters }) => {
      const keys = given(filters);
      const position = after === undefined ? [] : [after.createdAt, after.id];
      const statement = statements.page(keys, after !== undefined);
      return (await runner.run<RowOf<F>>(statement, [...valuesOf(filters, keys), ...position, limit])).rows;
    },
    update: (id, expected, changes) => {
      const keys = given(changes);
      return first(statements.update(keys), [id, revisions(expected), changes.updated_at, ...valuesOf(changes, keys)]);
    },
    delete: async (id, expected) => (await runner.run(statements.delete, [id, revisions(expected)])).rowCount > 0,
  };
}
