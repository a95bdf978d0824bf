import { describe, expect, it } from 'vitest';
import { etagOf, expectedRevision } from '../../../src/core/resource/preconditions.js';

describe('If-Match', () => {
  it('names revisions by their strong ETags, and * for any', () => {
    expect(etagOf(3)).toBe('"3"');
    expect(expectedRevision('"3"')).toEqual([3]);
    expect(expectedRevision(' "3", "12" ')).toEqual([3, 12]);
    expect(expectedRevision('*')).toBe('*');
  });

  it('matches no revision with a weak or foreign ETag (the record then answers 412)', () => {
    expect(expectedRevision('W/"3"')).toEqual([]);
    expect(expectedRevision('"abc", "0", "-1"')).toEqual([]);
  });

  it('is required: without it the answer is 428', () => {
    expect(() => expectedRevision(undefined)).toThrow(expect.objectContaining({ statusCode: 428 }) as Error);
    expect(() => expectedRevision('  ')).toThrow(expect.objectContaining({ statusCode: 428 }) as Error);
  });
});
