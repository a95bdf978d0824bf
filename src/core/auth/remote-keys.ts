/**
 * The issuer's signing keys, fetched from its JWKS with jose's createRemoteJWKSet: cached (10 minutes),
 * fetched again when a token names an unknown key id (a key rotation) but at most once per cooldown, so
 * tokens with made-up key ids cannot make every request a fetch; each fetch has a timeout, and concurrent
 * misses share the fetch in flight.
 *
 * Two things jose leaves to us. The JWKS URL may come from the issuer's OpenID discovery document, read
 * on first use (not at start-up: the service starts while the issuer is down). And jose's cooldown counts
 * only successful fetches, so every fetch (discovery included) goes through `attempt`, which remembers a
 * failure: for the cooldown after it, whatever key id a token names, a fetch is refused at once instead of
 * asking the issuer again and waiting for its timeout. The failure is logged once, not once per waiter.
 */
import { createLocalJWKSet, createRemoteJWKSet, customFetch, type JSONWebKeySet, type JWTVerifyGetKey } from 'jose';

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

/** One request to the issuer, allowed unless one failed within the cooldown; its failure is remembered. */
type Attempt = <T>(request: () => Promise<T>) => Promise<T>;

function failureMemory({ cooldownMs, onFetchFailure }: RemoteKeyOptions): Attempt {
  let failedAt = -Infinity;
  return async (request) => {
    if (Date.now() - failedAt < cooldownMs) throw new KeyFetchError("the issuer's keys could not be fetched lately");
    try {
      return await request();
    } catch (error) {
      failedAt = Date.now();
      onFetchFailure(error as Error);
      throw new KeyFetchError("the issuer's keys could not be fetched", { cause: error });
    }
  };
}

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

/**
 * jose's fetch of the JWKS, made whole within one attempt: the status, the body (read under jose's timeout
 * signal, so a body that never ends is a timeout) and its shape, so that any way the issuer fails counts
 * as that attempt's failure. jose parses the body again from the returned copy.
 */
async function fetchKeySet(url: string, init: RequestInit): Promise<Response> {
  const response = await fetch(url, init);
  if (response.status !== 200) throw new KeyFetchError(`the JWKS answered ${response.status}`);
  const body = await response.text();
  createLocalJWKSet(JSON.parse(body) as JSONWebKeySet);
  return new Response(body, { status: 200, headers: response.headers });
}

export function remoteKeys(options: RemoteKeyOptions): JWTVerifyGetKey {
  const { issuer, timeoutMs, cooldownMs } = options;
  const attempt = failureMemory(options);
  let keySet: Promise<ReturnType<typeof createRemoteJWKSet>> | undefined;

  const createKeySet = async () => {
    const url =
      options.jwksUrl !== '' ? new URL(options.jwksUrl) : await attempt(() => discoverJwksUrl(issuer, timeoutMs));
    return createRemoteJWKSet(url, {
      timeoutDuration: timeoutMs,
      cooldownDuration: cooldownMs,
      [customFetch]: (jwksUrl, init) => attempt(() => fetchKeySet(jwksUrl, init)),
    });
  };

  return async (header, token) => {
    // One discovery for all the requests that arrive before it ends; a failed one is tried again later.
    keySet ??= createKeySet().catch((error: unknown) => {
      keySet = undefined;
      throw error;
    });
    return (await keySet)(header, token);
  };
}
