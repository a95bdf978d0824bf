/**
 * One pg pool and the Kysely instance over it, configured from the settings: pool size, connect timeout
 * (also the longest wait for a free connection), and statement timeout enforced twice: by the server
 * (`statement_timeout`) and by the client (`query_timeout`, a little later), so a server that stops
 * answering altogether cannot hold a request forever.
 *
 * The pool is made when the first query asks for it, and only then is pg loaded: loading pg (and, on
 * Node 20, the fetch implementation its runtime check wakes) took about 60 ms of every start-up, before
 * a request that needs no database could be answered. Kysely is made when `db` is first read (kysely.ts).
 * Kysely and the statement runner both ask through `pool()`, so there is still one pool.
 */
import type { LogEvent } from 'kysely';
import type pg from 'pg';
import type { Settings } from '../../config.js';
import { kysely } from './kysely.js';
import type { Database, Tables } from './types.js';

export type DatabaseSettings = Pick<
  Settings,
  'DATABASE_URL' | 'DATABASE_POOL_SIZE' | 'DATABASE_CONNECT_TIMEOUT_MS' | 'DATABASE_STATEMENT_TIMEOUT_MS'
>;

/** Time the client waits past the server's statement timeout before it gives up on the reply itself. */
const CLIENT_TIMEOUT_MARGIN_MS = 1000;

export interface DatabaseClient {
  /** Kysely over the pool, made on first read. */
  readonly db: Database;
  /** The pool, made (and pg loaded) on the first call; every later call gets the same one. */
  readonly pool: () => Promise<pg.Pool>;
  /** The pool if a query has made it, else undefined: what metrics read without making one. */
  readonly openPool: () => pg.Pool | undefined;
  /** Ends Kysely and the pool, if either was ever used. */
  close(): Promise<void>;
}

export interface ClientOptions {
  /** Called after every query, with its duration; errors included. */
  readonly onQuery?: (event: LogEvent) => void;
  /** Called when an idle connection fails (the server went away); the pool drops it and reconnects later. */
  readonly onIdleError?: (error: Error) => void;
}

/**
 * Type parsers of this pool: values come back as the text the API answers. A `date` stays its text
 * (YYYY-MM-DD); pg's default turns it into a Date at local midnight, a different day in timezones behind
 * UTC once serialized. A `timestamptz` becomes RFC 3339 text in UTC (instants.ts), not a Date.
 */
async function loadDriver(): Promise<{ Pool: typeof pg.Pool; types: pg.TypeOverrides }> {
  const [{ default: driver }, { instantText }] = await Promise.all([import('pg'), import('./instants.js')]);
  const types = new driver.TypeOverrides();
  types.setTypeParser(driver.types.builtins.DATE, (value: string) => value);
  types.setTypeParser(driver.types.builtins.TIMESTAMPTZ, instantText);
  return { Pool: driver.Pool, types };
}

/** The query in flight reports the same failure to its caller (a 503): the connection's own event adds nothing. */
function ignoreCheckedOutError(): void {}

export function createDatabaseClient(settings: DatabaseSettings, options: ClientOptions = {}): DatabaseClient {
  let opened: pg.Pool | undefined;
  let opening: Promise<pg.Pool> | undefined;
  const open = async (): Promise<pg.Pool> => {
    const { Pool, types } = await loadDriver();
    const pool = new Pool({
      connectionString: settings.DATABASE_URL,
      max: settings.DATABASE_POOL_SIZE,
      connectionTimeoutMillis: settings.DATABASE_CONNECT_TIMEOUT_MS,
      statement_timeout: settings.DATABASE_STATEMENT_TIMEOUT_MS,
      query_timeout: settings.DATABASE_STATEMENT_TIMEOUT_MS + CLIENT_TIMEOUT_MARGIN_MS,
      keepAlive: true,
      application_name: 'petsage',
      types,
    });
    // Without a listener, a connection's error (the server restarting, pg_terminate_backend) would be an uncaught
    // error that ends the process. The pool listens on idle connections only and stops while one is checked out
    // (the query in flight fails on its own, and the pool drops the broken connection when it is released), so
    // every connection gets a listener of its own from the start.
    pool.on('error', (error) => options.onIdleError?.(error));
    pool.on('connect', (client) => client.on('error', ignoreCheckedOutError));
    opened = pool;
    return pool;
  };
  const pool = (): Promise<pg.Pool> => (opening ??= open());
  let made: Database | undefined;
  const db = (): Database => {
    if (made) return made;
    const { Kysely, PostgresDialect } = kysely();
    made = new Kysely<Tables>({
      dialect: new PostgresDialect({ pool }),
      ...(options.onQuery ? { log: options.onQuery } : {}),
    });
    return made;
  };
  return {
    get db() {
      return db();
    },
    pool,
    openPool: () => opened,
    async close() {
      // A pool still being made (a first query racing the shutdown) is waited for, or it would outlive close.
      const madePool = await opening?.catch(() => undefined);
      // Kysely ends the pool itself if it ever used it; a pool only statements used is ended here.
      await made?.destroy();
      if (madePool && !madePool.ending) await madePool.end();
    },
  };
}
