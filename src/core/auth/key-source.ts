/**
 * Where the signing keys come from, by the settings: the configured issuer's JWKS, or, outside
 * production with no issuer, the development issuer's key file. In production with no issuer there is
 * none, and the service refuses to start if any route needs a token (see plugin.ts).
 */
import { resolve } from 'node:path';
import type { FastifyBaseLogger } from 'fastify';
import type { JWTVerifyGetKey } from 'jose';
import { isProduction, type Settings } from '../../config.js';
import { DEV_ISSUER, devKeys } from './dev-keys.js';
import { remoteKeys } from './remote-keys.js';

export interface KeySource {
  readonly issuer: string;
  readonly keys: JWTVerifyGetKey;
}

export function keySource(settings: Settings, log: FastifyBaseLogger): KeySource | undefined {
  if (settings.AUTH_ISSUER !== '') {
    const keys = remoteKeys({
      issuer: settings.AUTH_ISSUER,
      jwksUrl: settings.AUTH_JWKS_URL,
      timeoutMs: settings.AUTH_JWKS_TIMEOUT_MS,
      cooldownMs: settings.AUTH_JWKS_COOLDOWN_MS,
      onFetchFailure: (error) => {
        log.warn({ reason: error.message, issuer: settings.AUTH_ISSUER }, "auth: could not fetch the issuer's keys");
      },
    });
    return { issuer: settings.AUTH_ISSUER, keys };
  }
  if (isProduction(settings)) return undefined;
  return { issuer: DEV_ISSUER, keys: devKeys(resolve(settings.AUTH_DEV_KEYS_DIR)) };
}
