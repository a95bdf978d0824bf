/**
 * Values that JSON Schema (as Ajv checks it) accepts but PostgreSQL cannot store, refused at the edge so
 * that none of them reaches a query as a 500:
 *
 * - Dates in year 0000: `format: date` and `date-time` accept it, PostgreSQL has no year 0. The contract
 *   is years 0001 to 9999 (an instant, in UTC), which every column and JavaScript Date holds exactly.
 * - Infinity: Ajv's type coercion of text (query, path, headers) turns "Infinity" and "1e999" into
 *   Infinity, and then skips every numeric keyword (minimum, maximum, format) for a non-finite number, so
 *   `limit=Infinity` passed `maximum: 100`. JSON bodies cannot hold it: Ajv's `strictNumbers` refuses it.
 */
import type { Ajv } from '@fastify/ajv-compiler';

/** The first and last instants of years 0001 to 9999, in UTC. */
export const EARLIEST_INSTANT = Date.parse('0001-01-01T00:00:00.000Z');
export const LATEST_INSTANT = Date.parse('9999-12-31T23:59:59.999Z');

/** Whether an instant (milliseconds since 1970) lies in years 0001 to 9999, UTC. */
export const storableInstant = (instant: number): boolean => instant >= EARLIEST_INSTANT && instant <= LATEST_INSTANT;

type Check = (value: string) => boolean;

/** The check Ajv's formats plugin registered for `name` (ajv-formats' full mode: a function or { validate }). */
function registered(ajv: Ajv, name: string): Check {
  const format = ajv.formats[name];
  if (typeof format === 'function') return format;
  if (typeof format === 'object' && 'validate' in format && typeof format.validate === 'function') {
    return format.validate as Check;
  }
  throw new Error(`Ajv has no ${name} format to narrow`);
}

/** Narrows `date` and `date-time` to what PostgreSQL stores (call it after ajv-formats, as onCreate is). */
export function storableFormats(ajv: Ajv): void {
  const date = registered(ajv, 'date');
  const dateTime = registered(ajv, 'date-time');
  ajv.addFormat('date', { type: 'string', validate: (value) => date(value) && !value.startsWith('0000') });
  ajv.addFormat('date-time', {
    type: 'string',
    // Date.parse reads every RFC 3339 form ajv-formats accepts but a leap second (:60), refused too.
    validate: (value) => {
      if (!dateTime(value)) return false;
      const instant = Date.parse(value.toUpperCase());
      return storableInstant(instant);
    },
  });
}

export interface NonFiniteNumber {
  readonly instancePath: string;
}

/** Whether `value` holds a number that is not finite anywhere: the check every request pays, allocating nothing. */
function holdsNonFinite(value: unknown): boolean {
  if (typeof value === 'number') return !Number.isFinite(value);
  if (typeof value !== 'object' || value === null) return false;
  for (const key of Object.keys(value)) if (holdsNonFinite((value as Record<string, unknown>)[key])) return true;
  return false;
}

/** Where `value` (a coerced query, path or headers object) holds a number that is not finite. */
export function nonFiniteNumbers(value: unknown, path = ''): NonFiniteNumber[] {
  if (!holdsNonFinite(value)) return [];
  if (typeof value === 'number') return [{ instancePath: path }];
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, inner]) =>
    nonFiniteNumbers(inner, `${path}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`),
  );
}
