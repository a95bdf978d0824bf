/**
 * The development issuer: `npx petsage token` signs tokens with a key it generates on first use into
 * AUTH_DEV_KEYS_DIR (git-ignored), and writes the public half beside it as a JWKS. Outside production,
 * with no AUTH_ISSUER, the service trusts that JWKS, read from the file rather than served, so no route
 * exists that could hand out trust. The file is read again when a token names a key id it lacks (the
 * key was made after the service started), at most once a second.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createLocalJWKSet, type JSONWebKeySet, type JWTVerifyGetKey } from 'jose';
import { KeyFetchError } from './remote-keys.js';

export const DEV_ISSUER = 'urn:petsage:development';
export const DEV_PUBLIC_KEYS_FILE = 'jwks.json';
export const DEV_PRIVATE_KEY_FILE = 'private-key.json';
/** The development key's algorithm: small keys, fast signatures, and in the production allow-list. */
export const DEV_ALGORITHM = 'ES256';

const REREAD_INTERVAL_MS = 1000;

export function devKeys(directory: string): JWTVerifyGetKey {
  let keySet: ReturnType<typeof createLocalJWKSet> | undefined;
  let readAt = -Infinity;
  let lastRead: Promise<void> = Promise.resolve();
  // Requests that arrive while the file is being read wait for that read (the first requests after start-up
  // arrive together); a new read starts at most once a second. A missing or unreadable file keeps the keys.
  const read = () => {
    if (Date.now() - readAt >= REREAD_INTERVAL_MS) {
      readAt = Date.now();
      lastRead = readFile(join(directory, DEV_PUBLIC_KEYS_FILE), 'utf8')
        .then((text) => createLocalJWKSet(JSON.parse(text) as JSONWebKeySet))
        .then(
          (loaded) => {
            keySet = loaded;
          },
          () => undefined,
        );
    }
    return lastRead;
  };
  return async (header, token) => {
    if (!keySet) await read();
    if (!keySet) throw new KeyFetchError('no development key yet: run npx petsage token');
    try {
      return await keySet(header, token);
    } catch (error) {
      if ((error as { code?: unknown }).code !== 'ERR_JWKS_NO_MATCHING_KEY') throw error;
      await read();
      return keySet(header, token);
    }
  };
}
