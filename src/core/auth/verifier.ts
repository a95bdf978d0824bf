/**
 * Verifies a bearer token (jose's jwtVerify, no crypto of ours): signature by a key of the issuer,
 * an asymmetric algorithm (never `none`, never HMAC, whose key would be the public key an attacker also
 * has), `iss`, `aud`, `exp` (required) and `nbf` with a small clock tolerance, and a subject.
 * Any refusal becomes a 401 whose description says which check failed, never what the token held.
 */
import { errors, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { invalidToken } from './challenge.js';
import { KeyFetchError } from './remote-keys.js';
import { rememberVerified, type TokenCacheOptions, type Verifier } from './verified-tokens.js';

export const ALLOWED_ALGORITHMS = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
  'Ed25519',
];

/** Who called, as far as authorisation and rate limits need to know. */
export interface Principal {
  readonly subject: string;
  readonly scopes: ReadonlySet<string>;
}

export interface VerifierOptions {
  issuer: string;
  audience: string;
  clockToleranceS: number;
  keys: JWTVerifyGetKey;
  /** Verified tokens are remembered (verified-tokens.ts). */
  cache: TokenCacheOptions;
}

export type Verify = (token: string) => Promise<Principal>;

/** Scopes as OAuth 2.0 sends them (`scope`, space-separated) or as some providers do (`scp`, an array). */
function scopesOf(payload: Record<string, unknown>): Set<string> {
  const scopes = new Set<string>();
  if (typeof payload.scope === 'string') for (const scope of payload.scope.split(' ')) if (scope) scopes.add(scope);
  if (Array.isArray(payload.scp)) for (const scope of payload.scp) if (typeof scope === 'string') scopes.add(scope);
  return scopes;
}

function reasonFor(error: unknown): string {
  if (error instanceof KeyFetchError) return "The issuer's signing keys could not be fetched.";
  if (error instanceof errors.JWTExpired) return 'The token has expired.';
  if (error instanceof errors.JWTClaimValidationFailed) return `The token's ${error.claim} claim is not accepted.`;
  if (error instanceof errors.JOSEAlgNotAllowed) return "The token's algorithm is not accepted.";
  if (error instanceof errors.JWKSNoMatchingKey) return 'No signing key of the issuer matches the token.';
  if (error instanceof errors.JWSSignatureVerificationFailed) return "The token's signature is not valid.";
  return 'The token is malformed or cannot be verified.';
}

export function createVerifier({ issuer, audience, clockToleranceS, keys, cache }: VerifierOptions): Verifier {
  const options = {
    issuer,
    audience,
    algorithms: ALLOWED_ALGORITHMS,
    clockTolerance: clockToleranceS,
    requiredClaims: ['exp', 'sub'],
  };
  return rememberVerified(async (token) => {
    try {
      const { payload } = await jwtVerify(token, keys, options);
      return {
        principal: { subject: payload.sub ?? '', scopes: scopesOf(payload) },
        // exp is a required claim, so jwtVerify has checked it is a number.
        expiresAtMs: (payload.exp ?? 0) * 1000,
      };
    } catch (error) {
      throw invalidToken(reasonFor(error));
    }
  }, cache);
}
