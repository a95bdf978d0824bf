/**
 * A `timestamptz` as the API answers it: RFC 3339 in UTC to the millisecond (`2026-01-31T12:00:00.123Z`),
 * the text `Date.prototype.toISOString` gives. pg's default parser makes a Date of each one, which the
 * answer then turns back into that text: about a microsecond and a half per value, forty times on a page
 * of twenty records. PostgreSQL in a UTC session already sends nearly that text
 * (`2026-01-31 12:00:00.123456+00`), so the common case is a few slices. Anything else (another session
 * time zone, years before 1 or after 9999) goes the long way, through pg's own parser, and gives exactly
 * what the long way always gave; test/core/database/instants.test.ts holds the two to each other.
 * `infinity` and `-infinity` are no instant RFC 3339 can write: reading one fails the query, as answering
 * one always failed the request (the API never stores them: storable-values.ts).
 */
import pg from 'pg';

const parseWithDate = pg.types.getTypeParser(pg.types.builtins.TIMESTAMPTZ) as (text: string) => unknown;

/** `YYYY-MM-DD HH:MM:SS` is 19 characters; then an optional fraction of 1 to 6 digits, then `+00`. */
const SHORTEST = 22;
const LONGEST = 29;
const DASH = 45;
const SPACE = 32;
const DOT = 46;

function isUtcText(value: string): boolean {
  return (
    value.length >= SHORTEST &&
    value.length <= LONGEST &&
    value.charCodeAt(4) === DASH &&
    value.charCodeAt(10) === SPACE &&
    value.endsWith('+00') &&
    (value.length === SHORTEST || value.charCodeAt(19) === DOT)
  );
}

export function instantText(value: string): string {
  if (!isUtcText(value)) {
    const parsed: unknown = parseWithDate(value);
    if (!(parsed instanceof Date)) throw new RangeError(`timestamptz ${value} is no instant RFC 3339 can write`);
    return parsed.toISOString();
  }
  // The fraction's digits past the millisecond are dropped (a Date keeps none), missing ones are zeros.
  const fraction = value.length === SHORTEST ? '000' : `${value.slice(20, -3)}00`.slice(0, 3);
  return `${value.slice(0, 10)}T${value.slice(11, 19)}.${fraction}Z`;
}
