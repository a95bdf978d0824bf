/**
 * A resource's SQL, written once per resource (not per request) and run as named prepared statements
 * (core/database/prepared.ts). A list's filters and a change's fields vary by request: each combination
 * gets its statement the first time it is used, then comes from the cache. Identifiers are the
 * declaration's, checked as plain lower snake_case when it was declared (declaration.ts); every value is a
 * parameter. Columns are listed by name, never `*`, so a column added by a migration cannot change the
 * result of a statement a connection has already prepared.
 *
 * Each statement comes in two variants: `owned` for a caller who sees only the records they own (the owner
 * check is part of the statement: no extra round trip, and another owner's record matches no row, exactly
 * like a missing one), and `all` for an admin or a shared resource. A write that sets references checks,
 * in the same statement, that each names a record the caller may see (references.ts).
 */
import { createHash } from 'node:crypto';
import type { PreparedStatement } from '../database/prepared.js';
import type { ResourceDeclaration } from './declaration.js';
import { referenceChecks, withReferenceChecks, type ReferenceCheck } from './references.js';

export interface StatementSet {
  /** $1 id, $2 created_at, $3 updated_at, $4 owner, then each field in declaration order. */
  readonly insert: PreparedStatement;
  /** $1 id (owned: $2 owner). */
  readonly find: PreparedStatement;
  /** $1 id, $2 the expected revisions (an integer array, or null for any) (owned: $3 owner). */
  readonly delete: PreparedStatement;
  /** $1 id, $2 expected revisions, $3 updated_at, then the values of `fields`, in that order (owned: then owner). */
  update(fields: readonly string[]): PreparedStatement;
  /** The values of `filters` in that order, then (after a cursor) its created_at and id, then the limit (owned: then owner). */
  page(filters: readonly string[], afterCursor: boolean): PreparedStatement;
}

export interface ResourceStatements {
  /** A caller's own records. */
  readonly owned: StatementSet;
  /** Every record. */
  readonly all: StatementSet;
}

export const quote = (identifier: string): string => `"${identifier}"`;

/** The statement of `text`: its name says the resource and operation, and a hash of the text keeps it unique. */
function named(table: string, operation: string, text: string): PreparedStatement {
  const hash = createHash('sha256').update(text).digest('hex').slice(0, 12);
  return { name: `${table.slice(0, 40)}:${operation}:${hash}`, text };
}

/** Statements by a key, each made once. */
function cached(make: (key: string) => PreparedStatement): (key: string) => PreparedStatement {
  const made = new Map<string, PreparedStatement>();
  return (key) => {
    let statement = made.get(key);
    if (statement === undefined) {
      statement = make(key);
      made.set(key, statement);
    }
    return statement;
  };
}

const built = new WeakMap<ResourceDeclaration, ResourceStatements>();

/** The statements of a resource: the same object for every version that serves it. */
export function resourceStatements(resource: ResourceDeclaration): ResourceStatements {
  const existing = built.get(resource);
  if (existing !== undefined) return existing;
  const statements = { owned: statementSet(resource, true), all: statementSet(resource, false) };
  built.set(resource, statements);
  return statements;
}

function statementSet(resource: ResourceDeclaration, owned: boolean): StatementSet {
  const table = quote(resource.table);
  const fields = Object.keys(resource.fields);
  const columns = ['id', 'owner', 'created_at', 'updated_at', 'revision', ...fields].map(quote).join(', ');
  const revisionMatches = '($2::integer[] IS NULL OR "revision" = ANY($2::integer[]))';
  const inserted = ['id', 'created_at', 'updated_at', 'owner', ...fields];
  const ownedBy = (parameter: number): string[] => (owned ? [`"owner" = $${parameter}`] : []);
  const checks = (names: readonly string[], first: number, owner: number): ReferenceCheck[] =>
    referenceChecks(resource, names, first, owned ? owner : undefined);

  const update = cached((key) => {
    const changed = key.split(',').filter((name) => name !== '');
    const set = changed.map((name, index) => `${quote(name)} = $${4 + index}`);
    const owner = 4 + changed.length;
    const references = checks(changed, 4, owner);
    const guard =
      references.length === 0 ? [] : [`(SELECT ${references.map((c) => c.alias).join(' AND ')} FROM "~refs")`];
    const where = ['"id" = $1', revisionMatches, ...ownedBy(owner), ...guard].join(' AND ');
    const text =
      `UPDATE ${table} SET ${[...set, '"updated_at" = $3', '"revision" = "revision" + 1'].join(', ')} ` +
      `WHERE ${where} RETURNING ${columns}`;
    return named(resource.table, 'update', withReferenceChecks(references, text));
  });
  const page = cached((key) => {
    const [filterKey = '', after] = key.split('|');
    const filters = filterKey.split(',').filter((name) => name !== '');
    const conditions = filters.map((name, index) => `${quote(name)} = $${index + 1}`);
    let next = filters.length + 1;
    if (after === 'after') {
      conditions.push(`("created_at", "id") > ($${next}, $${next + 1})`);
      next += 2;
    }
    conditions.push(...ownedBy(next + 1));
    const where = conditions.length === 0 ? '' : ` WHERE ${conditions.join(' AND ')}`;
    const text = `SELECT ${columns} FROM ${table}${where} ORDER BY "created_at", "id" LIMIT $${next}`;
    return named(resource.table, 'list', text);
  });

  const insertChecks = checks(fields, 5, 4);
  const values = inserted.map((name, index) => `$${index + 1}`);
  const insert =
    insertChecks.length === 0
      ? `INSERT INTO ${table} (${inserted.map(quote).join(', ')}) VALUES (${values.join(', ')}) RETURNING ${columns}`
      : withReferenceChecks(
          insertChecks,
          `INSERT INTO ${table} (${inserted.map(quote).join(', ')}) ` +
            `SELECT ${inserted.map((name, index) => `${values[index]}::${sqlType(resource, name)}`).join(', ')} ` +
            `FROM "~refs" WHERE ${insertChecks.map((c) => c.alias).join(' AND ')} RETURNING ${columns}`,
        );
  return {
    insert: named(resource.table, 'insert', insert),
    find: named(
      resource.table,
      'find',
      `SELECT ${columns} FROM ${table} WHERE ${['"id" = $1', ...ownedBy(2)].join(' AND ')}`,
    ),
    delete: named(
      resource.table,
      'delete',
      `DELETE FROM ${table} WHERE ${['"id" = $1', revisionMatches, ...ownedBy(3)].join(' AND ')}`,
    ),
    update: (changed) => update(changed.join(',')),
    page: (filters, afterCursor) => page(`${filters.join(',')}|${afterCursor ? 'after' : ''}`),
  };
}

/** Each field kind's PostgreSQL type (the builder's migrations bound a string's length with varchar). */
export const SQL_TYPES = {
  string: 'text',
  text: 'text',
  enum: 'text',
  integer: 'integer',
  number: 'double precision',
  boolean: 'boolean',
  date: 'date',
  'date-time': 'timestamptz',
  uuid: 'uuid',
  ref: 'uuid',
} as const;

/** A column's type, for a parameter PostgreSQL cannot infer (one in an INSERT's SELECT list). */
function sqlType(resource: ResourceDeclaration, column: string): string {
  if (column === 'id') return 'uuid';
  if (column === 'owner') return 'text';
  if (column === 'created_at' || column === 'updated_at') return 'timestamptz';
  const field = resource.fields[column];
  if (field === undefined) throw new Error(`${resource.table} has no column ${column}`);
  return SQL_TYPES[field.kind];
}
