/**
 * References between resources (`field.ref('pets')`): a write that sets one checks, in its own statement,
 * that it names a record the caller may see (their own, or any of a shared resource's, or any at all for an
 * admin), so a missing record and another owner's answer alike, and nothing is written when one fails.
 * The statement then always returns one row: the record written (all null when nothing was), and `~refs`,
 * whether each reference it checked holds. The foreign key keeps them true afterwards: a record that is
 * still referred to cannot be deleted (409) unless its references say `onDelete: 'cascade'`.
 */
import { HttpProblem } from '../errors/problem.js';
import type { ResourceDeclaration } from './declaration.js';
import { declaredResource, referencesTo } from './declared.js';
import { validationDetail } from '../errors/problem.js';
import { invalidField } from './rules.js';

export interface ReferenceCheck {
  /** The field it checks; also the check's column in `~refs`. */
  readonly field: string;
  /** The check's column, quoted. */
  readonly alias: string;
  /** True when the parameter is null (an optional reference cleared) or names a record the caller may see. */
  readonly sql: string;
}

/**
 * The checks of the reference fields among `names`, whose values are parameters `first`, `first + 1`...
 * in the order of `names`; `owner` is the caller's parameter, or undefined when they see every record.
 */
export function referenceChecks(
  resource: ResourceDeclaration,
  names: readonly string[],
  first: number,
  owner: number | undefined,
): ReferenceCheck[] {
  return names.flatMap((name, index) => {
    const target = resource.fields[name]?.references;
    if (target === undefined) return [];
    const scoped = owner !== undefined && !declaredResource(target.table, `${resource.table}.${name}`).shared;
    const parameter = `$${first + index}::uuid`;
    const sees = scoped ? ` AND "owner" = $${owner}` : '';
    return [
      {
        field: name,
        alias: `"${name}"`,
        sql: `(${parameter} IS NULL OR EXISTS (SELECT 1 FROM "${target.table}" WHERE "id" = ${parameter}${sees}))`,
      },
    ];
  });
}

/** `write` (an INSERT or UPDATE ... RETURNING) run after the checks, in one statement that always returns one row. */
export function withReferenceChecks(checks: readonly ReferenceCheck[], write: string): string {
  if (checks.length === 0) return write;
  return (
    `WITH "~refs" AS (SELECT ${checks.map((check) => `${check.sql} AS ${check.alias}`).join(', ')}), ` +
    `"~written" AS (${write}) ` +
    `SELECT "~written".*, to_jsonb("~refs".*) AS "~refs" FROM "~refs" LEFT JOIN "~written" ON true`
  );
}

/** The row a checked write returned: the record written, or undefined; a 400 naming each failed reference. */
export function checkedRow<Row extends { id: string | null }>(
  row: (Row & { '~refs'?: unknown }) | undefined,
): Row | undefined {
  if (row === undefined) return undefined;
  const { '~refs': checks, ...written } = row;
  if (checks === undefined) return row;
  const failed = Object.entries(checks as Record<string, boolean>).filter(([, holds]) => !holds);
  if (failed.length > 0) throw unknownReferences(failed.map(([name]) => name));
  return written.id === null ? undefined : (written as unknown as Row);
}

const DETAIL = 'names no record you can refer to';

function unknownReferences(names: readonly string[]): HttpProblem {
  const errors = names.map((name) => ({ in: 'body' as const, pointer: `/${name}`, detail: DETAIL }));
  return new HttpProblem(400, validationDetail(errors), errors);
}

/** foreign_key_violation, and restrict_violation (what ON DELETE RESTRICT raises). */
const REFERENCE_VIOLATIONS = new Set(['23503', '23001']);

/**
 * A foreign key refused the write: on a delete, records still refer to this one (409 naming them); on an
 * insert or update, the record named was deleted between the check and the write (400 naming the field).
 * Undefined for any other error.
 */
export function referenceProblem(
  resource: ResourceDeclaration,
  operation: 'write' | 'delete',
  error: unknown,
): HttpProblem | undefined {
  const { code, constraint } = (error ?? {}) as { code?: unknown; constraint?: unknown };
  if (typeof code !== 'string' || !REFERENCE_VIOLATIONS.has(code)) return undefined;
  if (operation === 'write') {
    const own = Object.keys(resource.fields).find((name) => constraint === `${resource.table}_${name}_fkey`);
    return own === undefined ? undefined : invalidField(own, DETAIL);
  }
  const referring = referencesTo(resource.table).filter((ref) => constraint === `${ref.table}_${ref.field}_fkey`);
  const by =
    referring.length === 0 ? 'other records' : referring.map((ref) => `${ref.table} (${ref.field})`).join(', ');
  return new HttpProblem(409, `The ${resource.singular} is still referred to by ${by}: delete or change those first.`);
}
