/**
 * Remembers tokens that passed verification, so a client that sends the same token on every request
 * (which is what clients do, until it expires) pays for one signature check, not one per request: an
 * RS256 verification costs more than the rest of a database read's work in this service.
 *
 * - Only verified tokens are remembered; a refusal is checked again every time.
 * - An entry lasts AUTH_TOKEN_CACHE_TTL_MS, and never past the token's own `exp` (with no clock
 *   tolerance: a remembered token stops being accepted at its expiry, not after it).
 * - At most AUTH_TOKEN_CACHE_MB of tokens (each counted at its length plus a fixed allowance for the
 *   entry), the least recently used going first, so memory is bounded whatever the number of callers and
 *   however large their tokens (up to 8 KB each, bearer-token.ts).
 * - The rate limiter asks it which caller a token names before any verification (`known`): a token
 *   found here is counted in its caller's budget, any other in its address's (see rate-limit/plugin.ts).
 * - Each connection also keeps the last token it presented and found here (`known(token, connection)`):
 *   a client sends one token on every request of a keep-alive connection, and comparing it with the one
 *   kept costs far less than hashing it again for the LRU look-up (about 1.5 µs for an 800-byte token on
 *   this project's benchmark machine, in every authenticated request). What a connection keeps lasts no
 *   longer than the entry it came from would (TTL and expiry); at most one token per open connection.
 * - The price: a token verified before its key was withdrawn at the issuer stays accepted until its entry
 *   ends. Key rotation already works that way for up to 10 minutes (the JWKS cache), and access tokens
 *   are not revocable one by one; a TTL of 0 turns the cache off for a deployment that wants otherwise.
 */
import { LRUCache } from 'lru-cache';
import type { Principal, Verify } from './verifier.js';

/** A verified token: who it names, and when it expires (ms since the epoch). */
export interface Verified {
  readonly principal: Principal;
  readonly expiresAtMs: number;
}

export interface TokenCacheOptions {
  /** Longest an entry lasts, in ms; 0 turns the cache off. */
  ttlMs: number;
  /** Most bytes the entries may take (entryBytes each); 0 turns the cache off. */
  maxBytes: number;
}

/** What the principal and the cache's own bookkeeping take beside the token, generously. */
const ENTRY_ALLOWANCE_BYTES = 512;

/** The bytes one remembered token is counted for (tokens are ASCII: one byte a character in V8). */
export function entryBytes(token: string): number {
  return token.length + ENTRY_ALLOWANCE_BYTES;
}

/** Verification with its memory: `known` answers from what was verified before, and never verifies. */
export interface Verifier {
  readonly verify: Verify;
  /** `connection`: the socket the token came on, whose last token is looked at first. */
  known(token: string, connection: object): Principal | undefined;
}

/** A remembered token's caller, and until when (ms since the epoch) it may be answered from memory. */
interface Remembered {
  readonly principal: Principal;
  readonly untilMs: number;
}

/** What a connection keeps: its last token found in memory. */
interface LastToken extends Remembered {
  readonly token: string;
}

export function rememberVerified(verify: (token: string) => Promise<Verified>, options: TokenCacheOptions): Verifier {
  if (options.ttlMs === 0 || options.maxBytes === 0) {
    return { verify: async (token) => (await verify(token)).principal, known: () => undefined };
  }
  const verified = new LRUCache<string, Remembered>({
    maxSize: options.maxBytes,
    sizeCalculation: (_remembered, token) => entryBytes(token),
    ttl: options.ttlMs,
  });
  const lastTokens = new WeakMap<object, LastToken>();
  return {
    verify: async (token) => {
      const known = verified.get(token);
      if (known) return known.principal;
      const { principal, expiresAtMs } = await verify(token);
      const now = Date.now();
      const ttl = Math.min(options.ttlMs, expiresAtMs - now);
      if (ttl > 0) verified.set(token, { principal, untilMs: now + ttl }, { ttl });
      return principal;
    },
    known: (token, connection) => {
      const last = lastTokens.get(connection);
      if (last?.token === token && Date.now() < last.untilMs) return last.principal;
      const found = verified.get(token);
      if (found) lastTokens.set(connection, { token, ...found });
      return found?.principal;
    },
  };
}
