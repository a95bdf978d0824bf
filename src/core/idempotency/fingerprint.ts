/**
 * What makes two requests "the same" for an Idempotency-Key: the operation they call and their body, as the
 * SHA-256 of their canonical JSON (RFC 8785, the `canonicalize` package), so key order and number spelling
 * (`1.0` and `1`) do not matter while any change of value does.
 */
import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';

/** Hex SHA-256 of the canonical JSON of `{ operation, body }`. */
export function fingerprintOf(operation: string, body: unknown): string {
  // A parsed JSON body always canonicalizes; `null` stands for a request that has none.
  const text = canonicalize({ operation, body: body ?? null }) ?? '';
  return createHash('sha256').update(text).digest('hex');
}
