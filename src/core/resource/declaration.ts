/**
 * A resource's declaration: its table, the singular of its name, its fields (fields.ts) and its business
 * rules, written once in its feature's `resource.ts` and shared by every version. The types below derive
 * from it what the rest of the code needs, so no field is written twice: the Kysely table type (register
 * it in `Tables`, core/database/types.ts, and any feature can join it), a stored row, a new record, a change
 * and a list's filters.
 */
import type { ColumnType, Generated } from 'kysely';
import type { Field } from './fields.js';
import { declareResource } from './declared.js';
import type { StoredRecord } from './service.js';

export type Fields = Readonly<Record<string, Field>>;

/* eslint-disable @typescript-eslint/no-explicit-any -- `infer` positions of Field's parameters */
type ValueOf<F> = F extends Field<infer V, any, any> ? V : never;
type Nullable<F, T> = F extends Field<any, true, any> ? T | null : T;
type Given<F> = F extends Field<any, false, false> ? true : false;
/* eslint-enable @typescript-eslint/no-explicit-any */

type RequiredKeys<F extends Fields> = { [K in keyof F]: Given<F[K]> extends true ? K : never }[keyof F];

/** The table's columns as Kysely sees them: what a select gives, an insert and an update take. */
export type TableOf<F extends Fields> = {
  id: string;
  /** The subject of the token that created it; null for records older than owners (see docs/security.md). */
  owner: string | null;
  created_at: ColumnType<string, Date, Date>;
  updated_at: ColumnType<string, Date, Date>;
  revision: Generated<number>;
} & {
  [K in keyof F]: ColumnType<
    Nullable<F[K], ValueOf<F[K]>>,
    Given<F[K]> extends true ? ValueOf<F[K]> : Nullable<F[K], ValueOf<F[K]>> | undefined,
    Nullable<F[K], ValueOf<F[K]>>
  >;
};

/** A stored record, as the database gives it back. */
export type RowOf<F extends Fields> = StoredRecord & { [K in keyof F]: Nullable<F[K], ValueOf<F[K]>> };
/** A new record's fields, as a valid POST body holds them: those with no default and not optional must be given. */
export type NewOf<F extends Fields> = { [K in RequiredKeys<F>]: ValueOf<F[K]> } & {
  [K in Exclude<keyof F, RequiredKeys<F>>]?: Nullable<F[K], ValueOf<F[K]>>;
};
/** The fields a change sets (null clears an optional one); also a list's equality filters. */
export type ChangesOf<F extends Fields> = { [K in keyof F]?: Nullable<F[K], ValueOf<F[K]>> };

/**
 * Business rules, run by the service before a write reaches the database (and so for every version):
 * each gets what the client sent, after validation, and returns what to store, or throws
 * `invalidField(...)` (rules.ts) to refuse it with a 400 naming the field.
 */
export interface ResourceRules<F extends Fields> {
  /** A new record: refuse it, or derive fields from the others. */
  create?(input: NewOf<F>): NewOf<F> | Promise<NewOf<F>>;
  /** A change to a record (only the fields it sets). */
  change?(changes: ChangesOf<F>): ChangesOf<F> | Promise<ChangesOf<F>>;
}

export interface ResourceDeclaration<F extends Fields = Fields> {
  /** The feature's name: its table, and its URL segment. */
  readonly table: string;
  /** What one record is called: `pet` (in messages, schema names and operation ids). */
  readonly singular: string;
  readonly fields: F;
  readonly rules: ResourceRules<F>;
  /**
   * Whether every caller with its scopes sees and changes every record (reference data). False by default:
   * each record belongs to the caller who created it (docs/security.md).
   */
  readonly shared: boolean;
}

/** Columns and query parameters every resource has already; a field may not take their names. */
export const RESERVED_NAMES = ['id', 'owner', 'created_at', 'updated_at', 'revision', 'limit', 'cursor'];
/** A plain SQL and JavaScript identifier, within PostgreSQL's 63 characters: safe to quote into SQL text. */
const IDENTIFIER = /^[a-z][a-z0-9_]{0,62}$/;

export function defineResource<const F extends Fields>(declaration: {
  readonly table: string;
  readonly singular: string;
  readonly fields: F;
  readonly rules?: ResourceRules<F>;
  readonly shared?: boolean;
}): ResourceDeclaration<F> {
  const targets = Object.values(declaration.fields).flatMap((field) => field.references?.table ?? []);
  for (const name of [declaration.table, ...Object.keys(declaration.fields), ...targets]) {
    if (!IDENTIFIER.test(name))
      throw new Error(`Resource ${declaration.table}: ${JSON.stringify(name)} is not a lower snake_case identifier.`);
  }
  const reserved = Object.keys(declaration.fields).find((name) => RESERVED_NAMES.includes(name));
  if (reserved !== undefined) throw new Error(`Resource ${declaration.table}: field ${reserved} is reserved.`);
  if (Object.keys(declaration.fields).length === 0) throw new Error(`Resource ${declaration.table} has no fields.`);
  const defined = { ...declaration, rules: declaration.rules ?? {}, shared: declaration.shared ?? false };
  declareResource(defined);
  return defined;
}
