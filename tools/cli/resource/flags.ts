/**
 * The resource options of `feature new` (`--resource`, `--field`, `--singular`, `--read-scope`,
 * `--write-scope`) as a ResourceInput, alone or over a payload's `"resource"`.
 */
import { Refusal } from '../errors.js';
import { acceptText } from '../text.js';
import { parseFieldFlags, type ResourceInput } from './spec.js';

export interface ResourceFlags {
  resource?: boolean;
  field?: string[];
  singular?: string;
  readScope?: string;
  writeScope?: string;
}

/** Commander's accumulator for a repeatable option. */
export const collect = (value: string, previous: string[]): string[] => [...previous, value];

/**
 * The resource the flags describe, over the payload's own when there is one: a payload's fields are its
 * own (no --field beside it), while --singular and the scopes may override it. Undefined for a plain feature.
 */
export function resourceFlagsInput(flags: ResourceFlags, payload?: ResourceInput): ResourceInput | undefined {
  const fields = (flags.field ?? []).map((field) => acceptText('The --field value', field));
  for (const [label, value] of [
    ['--singular', flags.singular],
    ['--read-scope', flags.readScope],
    ['--write-scope', flags.writeScope],
  ] as const) {
    if (value !== undefined) acceptText(`The ${label} value`, value);
  }
  const options = [flags.singular, flags.readScope, flags.writeScope].some((value) => value !== undefined);
  if (payload !== undefined) {
    if (fields.length > 0) throw new Refusal('Give the fields either as --field flags or in the payload, not both.');
    return {
      fields: payload.fields,
      singular: flags.singular ?? payload.singular,
      scopes: { read: flags.readScope ?? payload.scopes?.read, write: flags.writeScope ?? payload.scopes?.write },
      shared: payload.shared,
    };
  }
  if (flags.resource !== true) {
    if (fields.length > 0 || options) {
      throw new Refusal('--field, --singular and the scopes describe a resource: add --resource.');
    }
    return undefined;
  }
  return {
    fields: parseFieldFlags(fields),
    singular: flags.singular,
    scopes: { read: flags.readScope, write: flags.writeScope },
  };
}
