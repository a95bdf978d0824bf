/**
 * `petsage token`: a development access token, so protected routes can be called without a real identity
 * provider. It signs with a development key that it generates on first use into AUTH_DEV_KEYS_DIR
 * (git-ignored), writing the public half beside it as a JWKS, which the service trusts outside production
 * when no AUTH_ISSUER is set (src/core/auth/dev-keys.ts). Files are written whole or not at all.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, SignJWT, type JWK } from 'jose';
import { SettingsSchema } from '../../src/config.js';
import { DEV_ALGORITHM, DEV_ISSUER, DEV_PRIVATE_KEY_FILE, DEV_PUBLIC_KEYS_FILE } from '../../src/core/auth/dev-keys.js';
import { Refusal } from './errors.js';

export interface TokenOptions {
  scope: string[];
  sub: string;
  ttl: string;
  audience: string;
  keysDir: string;
}

/** The defaults the service itself would use, read from the same environment. */
export const TOKEN_DEFAULTS = {
  sub: 'developer',
  ttl: '3600',
  audience: process.env.AUTH_AUDIENCE ?? String(SettingsSchema.properties.AUTH_AUDIENCE.default),
  keysDir: process.env.AUTH_DEV_KEYS_DIR ?? String(SettingsSchema.properties.AUTH_DEV_KEYS_DIR.default),
};

const MAX_TTL_S = 7 * 24 * 3600;
/** A scope token as RFC 6749 section 3.3 defines it: printable ASCII except space, " and \. */
const SCOPE = /^[\x21\x23-\x5B\x5D-\x7E]+$/;

function writeWhole(path: string, text: string, mode: number): void {
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, text, { mode });
  renameSync(temporary, path);
}

/** The development key pair, made on first use. */
async function developmentKey(directory: string): Promise<JWK> {
  const privatePath = join(directory, DEV_PRIVATE_KEY_FILE);
  let privateJwk: JWK;
  if (existsSync(privatePath)) {
    privateJwk = JSON.parse(readFileSync(privatePath, 'utf8')) as JWK;
  } else {
    const { privateKey } = await generateKeyPair(DEV_ALGORITHM, { extractable: true });
    const jwk = await exportJWK(privateKey);
    privateJwk = { ...jwk, kid: await calculateJwkThumbprint(jwk), alg: DEV_ALGORITHM, use: 'sig' };
    mkdirSync(directory, { recursive: true, mode: 0o700 });
    writeWhole(privatePath, `${JSON.stringify(privateJwk)}\n`, 0o600);
  }
  const publicJwk = { ...privateJwk };
  delete publicJwk.d;
  writeWhole(join(directory, DEV_PUBLIC_KEYS_FILE), `${JSON.stringify({ keys: [publicJwk] }, null, 2)}\n`, 0o644);
  return privateJwk;
}

function checked(options: TokenOptions): { scopes: string[]; ttl: number } {
  if (process.env.NODE_ENV === 'production') {
    throw new Refusal('Development tokens are not for production (NODE_ENV=production): use your identity provider.');
  }
  const scopes = options.scope.flatMap((text) => text.split(' ')).filter((scope) => scope !== '');
  const bad = scopes.find((scope) => !SCOPE.test(scope));
  if (bad !== undefined)
    throw new Refusal(
      `Invalid scope ${JSON.stringify(bad)}: expected printable characters without quotes or backslashes.`,
    );
  if (!/^[1-9][0-9]{0,6}$/.test(options.ttl) || Number(options.ttl) > MAX_TTL_S) {
    throw new Refusal(`Invalid --ttl ${JSON.stringify(options.ttl)}: expected whole seconds from 1 to ${MAX_TTL_S}.`);
  }
  if (options.sub.trim() === '') throw new Refusal('Invalid --sub "": expected a non-empty subject.');
  return { scopes, ttl: Number(options.ttl) };
}

/** Signs a development token; resolves with the compact JWT. */
export async function developmentToken(root: string, options: TokenOptions): Promise<string> {
  const { scopes, ttl } = checked(options);
  const privateJwk = await developmentKey(resolve(root, options.keysDir));
  const key = await importJWK(privateJwk, DEV_ALGORITHM);
  return new SignJWT(scopes.length > 0 ? { scope: scopes.join(' ') } : {})
    .setProtectedHeader({ alg: DEV_ALGORITHM, kid: privateJwk.kid ?? '', typ: 'JWT' })
    .setIssuer(DEV_ISSUER)
    .setAudience(options.audience)
    .setSubject(options.sub)
    .setIssuedAt()
    .setExpirationTime(`${ttl}s`)
    .sign(key);
}
