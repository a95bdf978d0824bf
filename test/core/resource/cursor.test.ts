import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor } from '../../../src/core/resource/cursor.js';

describe('page cursors', () => {
  const position = { createdAt: new Date('2026-01-31T12:00:00.123Z'), id: '0b5a4c3e-8f1d-4c6e-9a2b-7d3f1e5c9a10' };

  it('carry a page position through an opaque, URL-safe text', () => {
    const cursor = encodeCursor(position);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(cursor)).toEqual(position);
  });

  it.each([
    ['not base64 JSON', 'bm90LWEtY3Vyc29y'],
    ['a JSON of another shape', Buffer.from('{"a":1}').toString('base64url')],
    ['a bad date', Buffer.from('["yesterday","0b5a4c3e-8f1d-4c6e-9a2b-7d3f1e5c9a10"]').toString('base64url')],
    ['an id that is not a UUID', Buffer.from('["2026-01-31T12:00:00.000Z","1; drop table"]').toString('base64url')],
  ])('refuse %s with a 400 naming the cursor', (_label, cursor) => {
    expect(() => decodeCursor(cursor)).toThrow(
      expect.objectContaining({
        statusCode: 400,
        errors: [expect.objectContaining({ in: 'query', pointer: '/cursor' })],
      }) as Error,
    );
  });
});
