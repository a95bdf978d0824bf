/**
 * The token in an `Authorization: Bearer <token>` header, refused before any parsing when it cannot be
 * a compact JWT: too large (a guard against spending CPU and memory on huge headers) or not three
 * base64url parts.
 */
import { invalidToken, missingToken } from './challenge.js';

/** Larger tokens are refused unread; real access tokens are well under 2 KB. */
export const MAX_TOKEN_BYTES = 8192;

const BEARER = /^Bearer +/i;
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

export function bearerToken(header: string | undefined): string {
  if (header === undefined || !BEARER.test(header)) throw missingToken();
  const token = header.replace(BEARER, '').trim();
  if (token === '') throw missingToken();
  if (token.length > MAX_TOKEN_BYTES) throw invalidToken(`The token is larger than ${MAX_TOKEN_BYTES} bytes.`);
  if (!COMPACT_JWS.test(token)) throw invalidToken('The token is not a compact JWT.');
  return token;
}
