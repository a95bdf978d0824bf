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

/** What follows `Bearer ` in the header: undefined with no header or another scheme. */
function tokenText(header: string | undefined): string | undefined {
  return header === undefined || !BEARER.test(header) ? undefined : header.replace(BEARER, '').trim();
}

/**
 * The token a request presents, unchecked beyond its size, or undefined: for a look-up among tokens
 * verified before, which must cost little and refuse nothing (the rate limiter's, see rate-limit/).
 */
export function presentedToken(header: string | undefined): string | undefined {
  const token = tokenText(header);
  return token && token.length <= MAX_TOKEN_BYTES ? token : undefined;
}

export function bearerToken(header: string | undefined): string {
  const token = tokenText(header);
  if (!token) throw missingToken();
  if (token.length > MAX_TOKEN_BYTES) throw invalidToken(`The token is larger than ${MAX_TOKEN_BYTES} bytes.`);
  if (!COMPACT_JWS.test(token)) throw invalidToken('The token is not a compact JWT.');
  return token;
}
