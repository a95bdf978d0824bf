/**
 * Pages of a resource are read in a stable order, (created_at, id), by keyset: the next page starts after
 * the last record of this one. The cursor carries that position, opaque to clients (base64url of JSON),
 * so the order can change later without breaking them. A cursor that does not decode, or holds a position
 * no record can have (a time outside years 0001 to 9999), is a 400 naming it.
 */
import { HttpProblem } from '../errors/problem.js';
import { storableInstant } from '../errors/storable-values.js';

export interface PagePosition {
  readonly createdAt: Date;
  readonly id: string;
}

export function encodeCursor({ createdAt, id }: PagePosition): string {
  return Buffer.from(JSON.stringify([createdAt.toISOString(), id])).toString('base64url');
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function decodeCursor(cursor: string): PagePosition {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    decoded = undefined;
  }
  if (Array.isArray(decoded) && decoded.length === 2) {
    const [iso, id] = decoded as unknown[];
    const createdAt = typeof iso === 'string' ? new Date(iso) : new Date(Number.NaN);
    if (storableInstant(createdAt.getTime()) && typeof id === 'string' && UUID.test(id)) return { createdAt, id };
  }
  throw new HttpProblem(400, 'Invalid query: /cursor is not a cursor this API gave.', [
    { in: 'query', pointer: '/cursor', detail: 'is not a cursor this API gave: pass next_cursor from a page' },
  ]);
}
