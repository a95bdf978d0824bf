/**
 * A resource's repository on the database: its prepared statements (statements.ts) run on
 * `app.statements`, with each request's values bound in the statement's order, in the variant the caller
 * may use (their own records, or all). A field a new record leaves out is stored as its default, or null.
 */
import type { StatementRunner } from '../database/prepared.js';
import type { ChangesOf, Fields, NewOf, ResourceDeclaration, RowOf } from './declaration.js';
import { INTEGER_RANGE } from './fields.js';
import type { ExpectedRevision } from './preconditions.js';
import { checkedRow, referenceProblem } from './references.js';
import type { Caller, RecordRepository } from './service.js';
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
  /** The statements the caller may run, and the owner parameter they take last (none when they see all). */
  const scoped = (caller: Caller) =>
    caller.all ? { set: statements.all, owner: [] } : { set: statements.owned, owner: [caller.owner] };
  /** The fields `values` sets, in declaration order: one statement per combination. */
  const given = (values: object): string[] =>
    names.filter((name) => (values as Record<string, unknown>)[name] !== undefined);
  const valuesOf = (values: object, keys: readonly string[]): unknown[] =>
    keys.map((name) => (values as Record<string, unknown>)[name]);
  const write = async (statement: Parameters<StatementRunner['run']>[0], values: unknown[]) => {
    try {
      return checkedRow((await runner.run<RowOf<F>>(statement, values)).rows[0]);
    } catch (error) {
      throw referenceProblem(resource, 'write', error) ?? error;
    }
  };

  return {
    insert: async (row, caller) => {
      const values = names.map(
        (name) => (row as Record<string, unknown>)[name] ?? resource.fields[name]?.default ?? null,
      );
      const { set } = scoped(caller);
      const inserted = await write(set.insert, [row.id, row.created_at, row.updated_at, caller.owner, ...values]);
      if (inserted === undefined) throw new Error(`INSERT INTO ${resource.table} returned no row`);
      return inserted;
    },
    find: async (id, caller) => {
      const { set, owner } = scoped(caller);
      return (await runner.run<RowOf<F>>(set.find, [id, ...owner])).rows[0];
    },
    page: async ({ limit, after, filters }, caller) => {
      const keys = given(filters);
      const position = after === undefined ? [] : [after.createdAt, after.id];
      const { set, owner } = scoped(caller);
      const statement = set.page(keys, after !== undefined);
      return (await runner.run<RowOf<F>>(statement, [...valuesOf(filters, keys), ...position, limit, ...owner])).rows;
    },
    update: (id, expected, changes, caller) => {
      const keys = given(changes);
      const { set, owner } = scoped(caller);
      return write(set.update(keys), [
        id,
        revisions(expected),
        changes.updated_at,
        ...valuesOf(changes, keys),
        ...owner,
      ]);
    },
    delete: async (id, expected, caller) => {
      const { set, owner } = scoped(caller);
      try {
        return (await runner.run(set.delete, [id, revisions(expected), ...owner])).rowCount > 0;
      } catch (error) {
        throw referenceProblem(resource, 'delete', error) ?? error;
      }
    },
  };
}
