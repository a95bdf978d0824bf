/**
 * One pg pool and the Kysely instance over it, configured from the settings: pool size, connect timeout
 * (also the longest wait for a free connection), and statement timeout enforced twice: by the server
 * (`statement_timeout`) and by the client (`query_timeout`, a little later), so a server that stops
 * answering altogether cannot hold a request forever.
 */
import { Kysely, PostgresDialect, type LogEvent } from 'kysely';
import pg from 'pg';
import type { Settings } from '../../config.js';
import { instantText } from './instants.js';
import type { Database, Tables } from './types.js';

export type DatabaseSettings = Pick<
  Settings,
  'DATABASE_URL' | 'DATABASE_POOL_SIZE' | 'DATABASE_CONNECT_TIMEOUT_MS' | 'DATABASE_STATEMENT_TIMEOUT_MS'
>;

/** Time the client waits past the server's statement timeout before it gives up on the reply itself. */
const CLIENT_TIMEOUT_MARGIN_MS = 1000;

export interface DatabaseClient {
  readonly db: Database;
  readonly pool: pg.Pool;
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
const types = new pg.TypeOverrides();
types.setTypeParser(pg.types.builtins.DATE, (value: string) => value);
types.setTypeParser(pg.types.builtins.TIMESTAMPTZ, instantText);

/** The query in flight reports the same failure to its caller (a 503): the connection's own event adds nothing. */
function ignoreCheckedOutError(): void {}

export function createDatabaseClient(settings: DatabaseSettings, options: ClientOptions = {}): DatabaseClient {
  const pool = new pg.Pool({
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
  const db: Database = new Kysely<Tables>({
    dialect: new PostgresDialect({ pool }),
    ...(options.onQuery ? { log: options.onQuery } : {}),
  });
  return { db, pool };
}
