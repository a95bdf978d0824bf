/**
 * What makes a feature a resource: its fields, the singular of its name (for schema names and operation
 * ids: `Pet`, `getPetV1`) and the scopes its reads and writes require. From flags (`--field`, repeated) or
 * from a payload's `"resource"` object; both end in one ResourceSpec, validated by the same code.
 */
import { Refusal } from '../errors.js';
import { nameForms, validateName } from '../names.js';
import { parseFieldFlag } from './field-syntax.js';
import { fieldRefusal, validateField, type FieldInput, type FieldSpec } from './fields.js';

export const MAX_FIELDS = 64;

export interface ResourceScopes {
  readonly read: string;
  readonly write: string;
}

export interface ResourceSpec {
  readonly fields: readonly FieldSpec[];
  readonly singular: string;
  readonly scopes: ResourceScopes;
  /** Every caller with its scopes reaches every record (reference data); records are owned otherwise. */
  readonly shared: boolean;
}

/** The resource's inputs before validation: fields in the order given. */
export interface ResourceInput {
  readonly fields: readonly (readonly [string, FieldInput])[];
  readonly singular?: string | undefined;
  readonly scopes?: { readonly read?: string | undefined; readonly write?: string | undefined };
  readonly shared?: boolean | undefined;
}

const RESOURCE_SHAPE =
  'expected "resource": {"fields": {"<name>": {"type": "<type>", ...} or "<type>[:<argument>][:<flag>]..."}, ' +
  '"singular"?: "<name>", "scopes"?: {"read"?: "<scope>", "write"?: "<scope>"}, "shared"?: true}';

/** Names the generated routes and models import: a record's schema must not take one. */
const TAKEN_SCHEMA_NAMES = ['Type', 'IdParams', 'IfMatchHeaders'];

const SCOPE = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/;

/** Reads a payload's `"resource"` value; a field may be an object or the `--field` text without its name. */
export function parseResourcePayload(value: unknown, source: string): ResourceInput {
  const refuse = (problem: string): Refusal => new Refusal(`Payload ${source}: ${problem}: ${RESOURCE_SHAPE}.`);
  const isObject = (x: unknown): x is Record<string, unknown> =>
    typeof x === 'object' && x !== null && !Array.isArray(x);
  if (!isObject(value)) throw refuse('"resource" is not an object');
  const unknownKey = Object.keys(value).find((key) => !['fields', 'singular', 'scopes', 'shared'].includes(key));
  if (unknownKey !== undefined) throw refuse(`"resource" has an unknown key ${JSON.stringify(unknownKey)}`);
  if (!isObject(value.fields)) throw refuse('"resource.fields" is not an object');
  const fields = Object.entries(value.fields).map(([name, field]): [string, FieldInput] => {
    if (typeof field === 'string') return parseFieldFlag(`${name}:${field}`);
    if (!isObject(field)) throw fieldRefusal(name, 'expected an object {"type": ...} or a string such as "string:80"');
    return [name, field];
  });
  if (value.singular !== undefined && typeof value.singular !== 'string') throw refuse('"singular" is not a string');
  if (value.shared !== undefined && typeof value.shared !== 'boolean') throw refuse('"shared" is not true or false');
  const { scopes } = value;
  if (scopes !== undefined) {
    if (!isObject(scopes) || Object.keys(scopes).some((key) => key !== 'read' && key !== 'write')) {
      throw refuse('"scopes" is not an object with "read" and "write" keys');
    }
    if (Object.values(scopes).some((scope) => typeof scope !== 'string')) throw refuse('a scope is not a string');
  }
  return {
    fields,
    singular: value.singular,
    scopes,
    shared: value.shared,
  };
}

/** Reads the `--field` flags, in order. */
export function parseFieldFlags(flags: readonly string[]): ResourceInput['fields'] {
  return flags.map(parseFieldFlag);
}

/** `vet_visits` gives `vet_visit`, `categories` `category`, `boxes` `box`; a name without a plural ending is kept. */
export function singularOf(name: string): string {
  if (/[^aeiou]ies$/.test(name)) return `${name.slice(0, -3)}y`;
  if (/(?:ss|x|ch|sh)es$/.test(name)) return name.slice(0, -2);
  if (/[^su]s$/.test(name)) return name.slice(0, -1);
  return name;
}

function validateScope(kind: string, scope: string): string {
  if (!SCOPE.test(scope)) {
    throw new Refusal(
      `The ${kind} scope ${JSON.stringify(scope)} is not 1 to 64 letters, digits, "_", ".", ":" or "-" (e.g. pets:${kind}).`,
    );
  }
  return scope;
}

export function resourceSpec(featureName: string, input: ResourceInput): ResourceSpec {
  if (input.fields.length === 0) {
    throw new Refusal('A resource needs at least one field: pass --field <name>:<type>... or "resource.fields".');
  }
  if (input.fields.length > MAX_FIELDS) {
    throw new Refusal(`A resource has ${input.fields.length} fields: at most ${MAX_FIELDS} are accepted.`);
  }
  const seen = new Set<string>();
  const fields = input.fields.map(([name, field]) => {
    if (seen.has(name)) throw fieldRefusal(name, 'given twice: each field has one definition');
    seen.add(name);
    return validateField(name, field);
  });
  const singular = input.singular === undefined ? singularOf(featureName) : input.singular;
  try {
    validateName(singular);
  } catch (error) {
    throw new Refusal(`The singular name: ${(error as Error).message}`);
  }
  if (TAKEN_SCHEMA_NAMES.includes(nameForms(singular).pascal)) {
    throw new Refusal(
      `The singular name ${JSON.stringify(singular)} would name its schema ${nameForms(singular).pascal}, which the generated code imports already: pass another with --singular.`,
    );
  }
  return {
    fields,
    singular,
    scopes: {
      read: validateScope('read', input.scopes?.read ?? `${featureName}:read`),
      write: validateScope('write', input.scopes?.write ?? `${featureName}:write`),
    },
    shared: input.shared ?? false,
  };
}
