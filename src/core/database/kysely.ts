/**
 * Kysely, loaded when first used instead of at start-up: the request path runs prepared statements on
 * the pg pool (prepared.ts), and only migrations, readiness and a feature's own queries on `app.db` use
 * Kysely. Compiling its 440 kB took about 30 ms of every start before the first answer. Everything in
 * src takes Kysely's values from here (types straight from 'kysely'), so a process holds one copy of it.
 */
// A namespace import: the bundle's banner declares its own `createRequire` (scripts/build.ts).
import nodeModule from 'node:module';
import type * as Kysely from 'kysely';

let loaded: typeof Kysely | undefined;

export const kysely = (): typeof Kysely =>
  (loaded ??= nodeModule.createRequire(import.meta.url)('kysely') as typeof Kysely);
