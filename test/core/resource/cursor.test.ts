/**
 * Page cursors are signed (issue 17 item 3): only a cursor this service gave, unaltered, names a position.
 * Before signing, an altered cursor named any position the caller liked (a forged one was decoded as is).
 */
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { loadSettings } from '../../../src/config.js';
import { cursorKey, pageCursors } from '../../../src/core/resource/cursor.js';

const KEY = Buffer.from('a test key of at least thirty-two characters');
const cursors = pageCursors(KEY);
const position = { createdAt: '2026-01-31T12:00:00.123Z', id: '0b5a4c3e-8f1d-4c6e-9a2b-7d3f1e5c9a10' };

const refusal = expect.objectContaining({
  statusCode: 400,
  errors: [expect.objectContaining({ in: 'query', pointer: '/cursor' })],
}) as Error;

/** What a client could make without the key: a cursor of the old unsigned form, or with its own tag. */
const unsigned = (value: string): string => Buffer.from(value).toString('base64url');

describe('page cursors', () => {
  it('carry a page position through a short, URL-safe text', () => {
    const cursor = cursors.encode(position);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(cursor.length).toBeLessThanOrEqual(120);
    expect(cursors.decode(cursor)).toEqual(position);
  });

  it('are the position signed with HMAC-SHA256 of the key bytes, so a cursor from another build or pod decodes', () => {
    const payload = Buffer.from(JSON.stringify([position.createdAt, position.id]));
    const tag = createHmac('sha256', KEY).update(payload).digest().subarray(0, 16);
    const made = Buffer.concat([tag, payload]).toString('base64url');
    expect(cursors.encode(position)).toBe(made);
    expect(cursors.decode(made)).toEqual(position);
  });

  it.each([
    ['not base64 JSON', 'bm90LWEtY3Vyc29y'],
    ['empty', ''],
    ['an unsigned cursor (the form before signing)', unsigned(`["2026-01-31T12:00:00.000Z","${position.id}"]`)],
    ['a JSON of another shape', unsigned('{"a":1}')],
    ['a bad date', unsigned(`["yesterday","${position.id}"]`)],
    ['an id that is not a UUID', unsigned('["2026-01-31T12:00:00.000Z","1; drop table"]')],
  ])('refuse %s with a 400 naming the cursor', (_label, cursor) => {
    expect(() => cursors.decode(cursor)).toThrow(refusal);
  });

  it('refuse a cursor whose position was altered, or which another key signed', () => {
    const bytes = Buffer.from(cursors.encode(position), 'base64url');
    const altered = Buffer.from(bytes);
    altered.write('1', bytes.indexOf('2026'));
    expect(() => cursors.decode(altered.toString('base64url'))).toThrow(refusal);
    const other = pageCursors(Buffer.from('another key of at least thirty-two characters'));
    expect(() => cursors.decode(other.encode(position))).toThrow(refusal);
  });

  it('use CURSOR_SECRET, demand it in production, and pick a random key per process elsewhere', () => {
    expect(cursorKey(loadSettings({ CURSOR_SECRET: KEY.toString(), NODE_ENV: 'production' }))).toEqual(KEY);
    expect(() => cursorKey(loadSettings({ NODE_ENV: 'production' }))).toThrow(/^Missing setting CURSOR_SECRET/);
    const first = cursorKey(loadSettings({ NODE_ENV: 'development' }));
    expect(first).toHaveLength(32);
    expect(cursorKey(loadSettings({ NODE_ENV: 'test' }))).not.toEqual(first);
    expect(() => loadSettings({ CURSOR_SECRET: 'too short' })).toThrow(
      /^Invalid setting CURSOR_SECRET \(value not shown\): expected a random/,
    );
  });
});
