/**
 * The issuer's signing keys, fetched from its JWKS with jose's createRemoteJWKSet: cached (10 minutes),
 * fetched again when a token names an unknown key id (a key rotation) but at most once per cooldown, so
 * tokens with made-up key ids cannot make every request a fetch; each fetch has a timeout.
 *
 * Two things jose leaves to us. The JWKS URL may come from the issuer's OpenID discovery document, read
 * on first use (not at start-up: the service starts while the issuer is down). And a failed fetch is
 * remembered for the cooldown: without that, while the issuer is down or slow, every request would start
 * a fetch of its own and wait for its timeout.
 */
import { createRemoteJWKSet, type JWTVerifyGetKey } from 'jose';

export interface RemoteKeyOptions {
  issuer: string;
  /** Empty: discovered from `<issuer>/.well-known/openid-configuration`. */
  jwksUrl: string;
  timeoutMs: number;
  cooldownMs: number;
  /** Called once per failed fetch, with the reason (never a token). */
  onFetchFailure: (error: Error) => void;
}

/** A fetch of the issuer's keys or discovery document that failed, as opposed to a token that did. */
export class KeyFetchError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'KeyFetchError';
  }
}

const JOSE_FETCH_FAILURES = new Set(['ERR_JWKS_TIMEOUT', 'ERR_JOSE_GENERIC', 'ERR_JWKS_INVALID']);

async function discoverJwksUrl(issuer: string, timeoutMs: number): Promise<URL> {
  const url = `${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
  const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), redirect: 'error' });
  if (response.status !== 200) throw new KeyFetchError(`discovery answered ${response.status}`);
  const document = (await response.json()) as { issuer?: unknown; jwks_uri?: unknown };
  // OpenID Connect Discovery 1.0, section 4.3: the document must name the issuer it was fetched for.
  if (document.issuer !== issuer) throw new KeyFetchError('discovery names another issuer');
  if (typeof document.jwks_uri !== 'string') throw new KeyFetchError('discovery has no jwks_uri');
  return new URL(document.jwks_uri);
}

export function remoteKeys(options: RemoteKeyOptions): JWTVerifyGetKey {
  const { timeoutMs, cooldownMs } = options;
  let keySet: ReturnType<typeof createRemoteJWKSet> | undefined;
  let failedAt = -Infinity;

  const currentKeySet = async () => {
    const url = options.jwksUrl !== '' ? new URL(options.jwksUrl) : await discoverJwksUrl(options.issuer, timeoutMs);
    return createRemoteJWKSet(url, { timeoutDuration: timeoutMs, cooldownDuration: cooldownMs });
  };

  return async (header, token) => {
    // A fetch would happen (nothing cached, or the cache expired) and the last one failed lately: fail now.
    if (!keySet?.fresh && Date.now() - failedAt < cooldownMs) {
      throw new KeyFetchError("the issuer's keys could not be fetched lately");
    }
    try {
      keySet ??= await currentKeySet();
      return await keySet(header, token);
    } catch (error) {
      // jose's own errors about the token (unknown key id, unsupported algorithm) pass through; anything
      // else (network errors, timeouts, a non-200 answer, garbage) is a failed fetch.
      const code = (error as { code?: unknown }).code;
      const isTokenProblem = typeof code === 'string' && code.startsWith('ERR_J') && !JOSE_FETCH_FAILURES.has(code);
      if (isTokenProblem) throw error;
      failedAt = Date.now();
      options.onFetchFailure(error as Error);
      throw new KeyFetchError("the issuer's keys could not be fetched", { cause: error });
    }
  };
}
