/**
 * The SQL of a resource's migrations, from its declaration's fields (src/core/resource/fields.ts): the
 * table `feature new` creates, and the column `feature field add` adds. The column says what the schema
 * says (a string's length, an enum's values, a number's bounds), so the database refuses what the API would.
 * Names were checked as plain identifiers when declared; literals have their quotes doubled.
 */
import type { ResourceDeclaration } from '../../../src/core/resource/declaration.js';
import { enumValues, INTEGER_RANGE, type Field } from '../../../src/core/resource/fields.js';
import { SQL_TYPES } from '../../../src/core/resource/statements.js';

const quote = (identifier: string): string => `"${identifier}"`;

export const sqlLiteral = (value: unknown): string =>
  typeof value === 'string' ? `'${value.replace(/'/g, "''")}'` : String(value).toUpperCase();

/** One column's definition: name, type, nullability, default, uniqueness and the checks the schema makes. */
export function columnSql(name: string, field: Field): string {
  const column = quote(name);
  const schema = field.schema as { maxLength?: number; minimum?: number; maximum?: number };
  const type = field.kind === 'string' ? `varchar(${schema.maxLength})` : SQL_TYPES[field.kind];
  const checks: string[] = [];
  if (field.kind === 'enum') checks.push(`${column} IN (${enumValues(field).map(sqlLiteral).join(', ')})`);
  if (schema.minimum !== undefined && !(field.kind === 'integer' && schema.minimum === INTEGER_RANGE.minimum)) {
    checks.push(`${column} >= ${schema.minimum}`);
  }
  if (schema.maximum !== undefined && !(field.kind === 'integer' && schema.maximum === INTEGER_RANGE.maximum)) {
    checks.push(`${column} <= ${schema.maximum}`);
  }
  return [
    column,
    type,
    field.optional ? '' : 'NOT NULL',
    field.default === undefined ? '' : `DEFAULT ${sqlLiteral(field.default)}`,
    field.unique ? 'UNIQUE' : '',
    field.references === undefined
      ? ''
      : `REFERENCES ${quote(field.references.table)} ("id") ON DELETE ${field.references.onDelete.toUpperCase()}`,
    checks.length > 0 ? `CHECK (${checks.join(' AND ')})` : '',
  ]
    .filter((part) => part !== '')
    .join(' ');
}

/** The columns every resource's table has besides its fields (the engine's statements.ts reads and writes them). */
export const RECORD_COLUMNS = {
  id: 'uuid PRIMARY KEY',
  owner: 'text',
  created_at: 'timestamptz(3) NOT NULL',
  updated_at: 'timestamptz(3) NOT NULL',
  revision: 'integer NOT NULL DEFAULT 1',
} as const;

/** The first migration: the table with its stamps, its fields, and the index pages are read by. */
export function createTableSql(resource: ResourceDeclaration): string {
  const table = quote(resource.table);
  const columns = [
    ...Object.entries(RECORD_COLUMNS).map(([name, definition]) => `${quote(name)} ${definition}`),
    ...Object.entries(resource.fields).map(([name, field]) => columnSql(name, field)),
  ];
  return [
    `-- The ${resource.table} table, as \`petsage feature new\` built it. Migrations are forward only: change it in a new file.`,
    `CREATE TABLE ${table} (`,
    columns.map((column) => `  ${column}`).join(',\n'),
    ');',
    '',
    '-- Pages are read in (created_at, id) order.',
    `CREATE INDEX ${quote(`${resource.table}_page_idx`)} ON ${table} ("created_at", "id");`,
    `-- A caller's own records are read in the same order (see docs/security.md).`,
    `CREATE INDEX ${quote(`${resource.table}_owner_page_idx`)} ON ${table} ("owner", "created_at", "id");`,
    ...Object.entries(resource.fields).flatMap(([name, field]) => referenceIndex(resource.table, name, field)),
    '',
  ].join('\n');
}

/** A reference's index (none for another field): lists filter by it, and a delete of the record it names looks for it. */
function referenceIndex(table: string, name: string, field: Field): string[] {
  if (field.references === undefined) return [];
  return [
    `-- Lists filter by ${name}, and a delete of the record it names looks for it.`,
    `CREATE INDEX ${quote(`${table}_${name}_idx`)} ON ${quote(table)} (${quote(name)});`,
  ];
}

/** What the records stored before the column is added read in it, or why it cannot be added to them. */
export function existingRecords(field: Field): string {
  if (field.default !== undefined) return `existing records read it as its default, ${sqlLiteral(field.default)}`;
  if (field.optional) return 'existing records read it as null';
  // PostgreSQL refuses the column ("contains null values") and the migrator applies none of the pending files.
  return 'required with no default, it can be added only while the table has no records';
}

/**
 * A later migration: one field added, with its reference's index. A required field with no default (allowed
 * only before the feature is released) applies only to an empty table.
 */
export function addColumnSql(table: string, name: string, field: Field): string {
  return [
    `-- Adds the field ${name}, as \`petsage feature field add\` built it: ${existingRecords(field)}.`,
    `ALTER TABLE ${quote(table)} ADD COLUMN ${columnSql(name, field)};`,
    ...referenceIndex(table, name, field),
    '',
  ].join('\n');
}
