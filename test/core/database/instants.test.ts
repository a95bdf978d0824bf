/**
 * The pool reads a `timestamptz` as RFC 3339 text by slicing what PostgreSQL sends (instants.ts), where
 * pg's own parser makes a Date that the answer turns back into text. The slicing is a copy of that long
 * way for speed, so these pin the two to each other: on every shape of text PostgreSQL sends, and on a
 * real server, in a UTC session and in one that is not.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabaseClient, type DatabaseClient } from '../../../src/core/database/client.js';
import { instantText } from '../../../src/core/database/instants.js';
import { useTestDatabase } from '../../helpers/database.js';

const parseWithDate = pg.types.getTypeParser(pg.types.builtins.TIMESTAMPTZ) as (text: string) => unknown;
const longWay = (text: string): string => (parseWithDate(text) as Date).toISOString();

/** A seeded sequence, so a failure names a value that fails again. */
function* seeded(count: number, seed = 20261206): Generator<number> {
  let state = seed;
  for (let i = 0; i < count; i++) {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    yield state / 2 ** 31;
  }
}

/** The text PostgreSQL sends for an instant in a UTC session: fraction digits trimmed of trailing zeros. */
function postgresUtcText(instantMs: number, microseconds: number): string {
  const iso = new Date(instantMs).toISOString();
  const fraction = `${iso.slice(20, 23)}${String(microseconds).padStart(3, '0')}`.replace(/0+$/, '');
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}${fraction === '' ? '' : `.${fraction}`}+00`;
}

const FIRST_YEAR_MS = Date.parse('0001-01-01T00:00:00.000Z');
const LAST_YEAR_MS = Date.parse('9999-12-31T23:59:59.999Z');

describe('instantText', () => {
  it('gives what pg parsing then toISOString give, on 20,000 instants from year 1 to 9999', () => {
    const random = seeded(40_000);
    for (let i = 0; i < 20_000; i++) {
      const at = FIRST_YEAR_MS + Math.floor((random.next().value as number) * (LAST_YEAR_MS - FIRST_YEAR_MS));
      // Whole seconds, whole milliseconds, and microseconds: every length of fraction PostgreSQL sends.
      const ms = i % 3 === 0 ? at - (at % 1000) : at;
      const micro = i % 3 === 2 ? Math.floor((random.next().value as number) * 1000) : 0;
      const text = postgresUtcText(ms, micro);
      expect(instantText(text), text).toBe(longWay(text));
    }
  });

  it.each([
    ['whole seconds', '2026-01-31 12:00:00+00', '2026-01-31T12:00:00.000Z'],
    ['one fraction digit', '2026-01-31 12:00:00.1+00', '2026-01-31T12:00:00.100Z'],
    ['microseconds, dropped past the millisecond', '2026-01-31 12:00:00.123999+00', '2026-01-31T12:00:00.123Z'],
    ['another session time zone', '2026-01-31 17:30:00.5+05:30', '2026-01-31T12:00:00.500Z'],
    ['a negative offset', '2026-01-31 04:00:00-08', '2026-01-31T12:00:00.000Z'],
    ['a year before 1', '0001-01-01 00:00:00+00 BC', '0000-01-01T00:00:00.000Z'],
    ['a year after 9999', '10000-01-01 00:00:00+00', '+010000-01-01T00:00:00.000Z'],
  ])('reads %s as the long way does', (_label, text, expected) => {
    expect(instantText(text)).toBe(expected);
    expect(longWay(text)).toBe(expected);
  });

  it.each(['infinity', '-infinity'])('refuses %s, which RFC 3339 cannot write', (text) => {
    expect(() => instantText(text)).toThrow(new RangeError(`timestamptz ${text} is no instant RFC 3339 can write`));
  });
});

describe('the pool on a real PostgreSQL', () => {
  const database = useTestDatabase();
  let client: DatabaseClient;
  const sent = ['2026-01-31T12:00:00Z', '2026-01-31T12:00:00.120Z', '1999-12-31T23:59:59.999Z', '0001-01-01T00:00:00Z'];
  const expected = sent.map((text) => new Date(text).toISOString());

  beforeAll(() => {
    client = createDatabaseClient(database.settings());
  });
  afterAll(() => client.close());

  const read = async (session: pg.PoolClient): Promise<string[]> => {
    const result = await session.query<{ at: string }>('SELECT unnest($1::timestamptz[]) AS at', [sent]);
    return result.rows.map((row) => row.at);
  };

  it('answers RFC 3339 text in UTC, to the millisecond, whatever the session time zone', async () => {
    const session = await (await client.pool()).connect();
    try {
      await session.query("SET TIME ZONE 'UTC'");
      expect(await read(session)).toEqual(expected);
      await session.query("SET TIME ZONE 'Asia/Kolkata'");
      expect(await read(session)).toEqual(expected);
    } finally {
      session.release(true);
    }
  });
});
