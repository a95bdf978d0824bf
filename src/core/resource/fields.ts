/**
 * The fields a resource declares (resource.ts in its feature), each once: its values as a TypeBox schema
 * (type, bounds, enum values, description, example), and its flags. Everything else is derived from it by
 * the engine: request and response schemas (schemas.ts), the table's type (declaration.ts), the SQL
 * (statements.ts) and the migration's column (migration.ts).
 *
 * ```ts
 * name: field.string({ maxLength: 80, description: "The pet's name.", example: 'Rex' }),
 * birth_date: field.date({ optional: true, description: 'When the pet was born.', example: '2020-05-17' }),
 * ```
 */
import Type from 'typebox';

/** How a field is stored; a column type each (migration.ts). */
export type FieldKind =
  'string' | 'text' | 'integer' | 'number' | 'boolean' | 'date' | 'date-time' | 'uuid' | 'enum' | 'ref';

/**
 * What deleting a referenced record does to the records that refer to it: `restrict` refuses the delete
 * with a 409 naming them (the default), `cascade` deletes them with it.
 */
export type OnDelete = 'restrict' | 'cascade';

/** A reference field's target: another resource's table (its feature's name). */
export interface Reference {
  readonly table: string;
  readonly onDelete: OnDelete;
}

/**
 * One field. `Value` is its JSON value, which is also what the driver reads back (a `date` and a
 * `date-time` as their text: core/database/client.ts); `Optional` fields are null when not given,
 * `Defaulted` ones take their default.
 */
export interface Field<Value = unknown, Optional extends boolean = boolean, Defaulted extends boolean = boolean> {
  readonly kind: FieldKind;
  /** The values it accepts (never null), with its description and example: in records, bodies and filters alike. */
  readonly schema: Type.TSchema;
  readonly optional: Optional;
  readonly default: Defaulted extends true ? Value : undefined;
  readonly unique: boolean;
  /** Lists filter on it by equality (`?name=Rex`). */
  readonly filter: boolean;
  readonly description: string;
  readonly example: Value;
  /** A reference's target; undefined for every other kind. */
  readonly references?: Reference;
}

/** What every field says: its description and example, and its flags. */
export interface FieldOptions<Value, Optional extends boolean, Default extends Value | undefined> {
  readonly description: string;
  readonly example: Value;
  /** May be omitted or null: stored as NULL. */
  readonly optional?: Optional;
  /** Filled in when a new record leaves it out (not with optional). */
  readonly default?: Default;
  /** No two records share its value (a UNIQUE column: a taken value answers 409). */
  readonly unique?: boolean;
  /** Lists may filter on it; true for every kind but text. */
  readonly filter?: boolean;
}

type Defaulted<Default> = [Default] extends [undefined] ? false : true;
// NoInfer: the flags come from the options given, never from where the field is used (a `Fields` record).
type Made<Value, O extends boolean, D> = Field<Value, NoInfer<O>, Defaulted<NoInfer<D>>>;

/** A string is one line of printable text; a text may hold line breaks and tabs, no other control character. */
const ONE_LINE = '^[^\\u0000-\\u001F\\u007F]*$';
const MULTI_LINE = '^[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F]*$';
/** A text's maximum length when none is given: every string of the API is bounded (OWASP API4). */
export const DEFAULT_TEXT_LENGTH = 10_000;
/** Integers are PostgreSQL `integer` columns: exact in JSON and in JavaScript numbers. */
export const INTEGER_RANGE = { minimum: -2_147_483_648, maximum: 2_147_483_647 } as const;

function make<Value, O extends boolean, D extends Value | undefined>(
  kind: FieldKind,
  own: Record<string, unknown>,
  build: (options: Record<string, unknown>) => Type.TSchema,
  options: FieldOptions<Value, O, D>,
): Made<Value, O, D> {
  if (options.optional === true && options.default !== undefined) {
    throw new Error(`A field cannot be optional and have a default (${options.description}): optional means null.`);
  }
  return {
    kind,
    schema: build({ ...own, description: options.description, examples: [options.example] }),
    optional: (options.optional ?? false) as O,
    default: options.default as Made<Value, O, D>['default'],
    unique: options.unique ?? false,
    filter: options.filter ?? kind !== 'text',
    description: options.description,
    example: options.example,
  };
}

function textual<O extends boolean, D extends string | undefined>(
  kind: 'string' | 'text',
  pattern: string,
  options: FieldOptions<string, O, D> & { readonly maxLength?: number; readonly minLength?: number },
  minLength: number,
): Made<string, O, D> {
  const maxLength = options.maxLength ?? DEFAULT_TEXT_LENGTH;
  const least = options.minLength ?? minLength;
  return make(kind, { ...(least > 0 ? { minLength: least } : {}), maxLength, pattern }, (o) => Type.String(o), options);
}

const formatted =
  (kind: 'date' | 'date-time' | 'uuid', maxLength: number) =>
  <const O extends boolean = false, const D extends string | undefined = undefined>(
    options: FieldOptions<string, O, D>,
  ): Made<string, O, D> =>
    make(kind, { format: kind, maxLength }, (o) => Type.String(o), options);

export const field = {
  /**
   * One line of at most `maxLength` characters, and at least `minLength`: 1 unless given, since a one-line
   * string names something (a name, a code) and an empty one names nothing.
   */
  string: <const O extends boolean = false, const D extends string | undefined = undefined>(
    options: FieldOptions<string, O, D> & { readonly maxLength: number; readonly minLength?: number },
  ): Made<string, O, D> => textual('string', ONE_LINE, options, 1),
  /** Text with line breaks, of at most `maxLength` characters (10,000 when not given). */
  text: <const O extends boolean = false, const D extends string | undefined = undefined>(
    options: FieldOptions<string, O, D> & { readonly maxLength?: number },
  ): Made<string, O, D> => textual('text', MULTI_LINE, options, 0),
  integer: <const O extends boolean = false, const D extends number | undefined = undefined>(
    options: FieldOptions<number, O, D> & { readonly minimum?: number; readonly maximum?: number },
  ): Made<number, O, D> =>
    make(
      'integer',
      {
        format: 'int32',
        minimum: options.minimum ?? INTEGER_RANGE.minimum,
        maximum: options.maximum ?? INTEGER_RANGE.maximum,
      },
      (o) => Type.Integer(o),
      options,
    ),
  number: <const O extends boolean = false, const D extends number | undefined = undefined>(
    options: FieldOptions<number, O, D> & { readonly minimum?: number; readonly maximum?: number },
  ): Made<number, O, D> =>
    make(
      'number',
      {
        format: 'double',
        ...(options.minimum === undefined ? {} : { minimum: options.minimum }),
        ...(options.maximum === undefined ? {} : { maximum: options.maximum }),
      },
      (o) => Type.Number(o),
      options,
    ),
  boolean: <const O extends boolean = false, const D extends boolean | undefined = undefined>(
    options: FieldOptions<boolean, O, D>,
  ): Made<boolean, O, D> => make('boolean', {}, (o) => Type.Boolean(o), options),
  /** A calendar day, YYYY-MM-DD. */
  date: formatted('date', 10),
  /** An instant, RFC 3339 (read back as RFC 3339 text in UTC, core/database/instants.ts). */
  dateTime: formatted('date-time', 35),
  uuid: formatted('uuid', 36),
  /**
   * The id of a record of another resource (`field.ref('pets', ...)`): a foreign key. A new or changed
   * record may name only a record its caller may see; lists filter on it.
   */
  ref: <const O extends boolean = false>(
    table: string,
    options: Omit<FieldOptions<string, O, undefined>, 'default' | 'unique'> & { readonly onDelete?: OnDelete },
  ): Made<string, O, undefined> => ({
    ...make<string, O, undefined>('ref', { format: 'uuid', maxLength: 36 }, (o) => Type.String(o), options),
    references: { table, onDelete: options.onDelete ?? 'restrict' },
  }),
  /** One of `values`, each written here once. */
  enum: <
    const V extends readonly [string, ...string[]],
    const O extends boolean = false,
    const D extends V[number] | undefined = undefined,
  >(
    values: V,
    options: FieldOptions<V[number], O, D>,
  ): Made<V[number], O, D> => make('enum', {}, (o) => Type.Enum([...values], o), options),
};

/** The values of an enum field, read back from its schema (the migration's CHECK, the builder's edits). */
export function enumValues(field: Field): readonly string[] {
  return (field.schema as { enum?: string[] }).enum ?? [];
}
