/**
 * A resource's SQL, written once per resource (not per request) and run as named prepared statements
 * (core/database/prepared.ts). A list's filters and a change's fields vary by request: each combination
 * gets its statement the first time it is used, then comes from the cache. Identifiers are the
 * declaration's, checked as plain lower snake_case when it was declared (declaration.ts); every value is a
 * parameter. Columns are listed by name, never `*`, so a column added by a migration cannot change the
 * result of a statement a connection has already prepared.
 */
import { createHash } from 'node:crypto';
import type { PreparedStatement } from '../database/prepared.js';
import type { ResourceDeclaration } from './declaration.js';

export interface ResourceStatements {
  /** $1 id, $2 created_at, $3 updated_at, then each field in declaration order. */
  readonly insert: PreparedStatement;
  /** $1 id. */
  readonly find: PreparedStatement;
  /** $1 id, $2 the expected revisions (an integer array, or null for any). */
  readonly delete: PreparedStatement;
  /** $1 id, $2 expected revisions, $3 updated_at, then the values of `fields`, in that order. */
  update(fields: readonly string[]): PreparedStatement;
  /** The values of `filters` in that order, then (after a cursor) its created_at and id, then the limit. */
  page(filters: readonly string[], afterCursor: boolean): PreparedStatement;
}

const quote = (identifier: string): string => `"${identifier}"`;

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
  const table = quote(resource.table);
  const fields = Object.keys(resource.fields);
  const columns = ['id', 'created_at', 'updated_at', 'revision', ...fields].map(quote).join(', ');
  const revisionMatches = '($2::integer[] IS NULL OR "revision" = ANY($2::integer[]))';
  const inserted = ['id', 'created_at', 'updated_at', ...fields];
  const placeholders = (count: number, first = 1): string[] => Array.from({ length: count }, (_, i) => `$${first + i}`);

  const update = cached((key) => {
    const set = key
      .split(',')
      .filter((name) => name !== '')
      .map((name, index) => `${quote(name)} = $${4 + index}`);
    const text =
      `UPDATE ${table} SET ${[...set, '"updated_at" = $3', '"revision" = "revision" + 1'].join(', ')} ` +
      `WHERE "id" = $1 AND ${revisionMatches} RETURNING ${columns}`;
    return named(resource.table, 'update', text);
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
    const where = conditions.length === 0 ? '' : ` WHERE ${conditions.join(' AND ')}`;
    const text = `SELECT ${columns} FROM ${table}${where} ORDER BY "created_at", "id" LIMIT $${next}`;
    return named(resource.table, 'list', text);
  });

  const statements: ResourceStatements = {
    insert: named(
      resource.table,
      'insert',
      `INSERT INTO ${table} (${inserted.map(quote).join(', ')}) VALUES (${placeholders(inserted.length).join(', ')}) RETURNING ${columns}`,
    ),
    find: named(resource.table, 'find', `SELECT ${columns} FROM ${table} WHERE "id" = $1`),
    delete: named(resource.table, 'delete', `DELETE FROM ${table} WHERE "id" = $1 AND ${revisionMatches}`),
    update: (changed) => update(changed.join(',')),
    page: (filters, afterCursor) => page(`${filters.join(',')}|${afterCursor ? 'after' : ''}`),
  };
  built.set(resource, statements);
  return statements;
}
