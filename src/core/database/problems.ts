/**
 * What a failed database call means for the caller, decided from the error alone (no driver imported, so
 * the error handler can use it in a service that loads no database code):
 *
 * - the database is unreachable, restarting, overloaded or too slow: 503 with Retry-After, so clients and
 *   load balancers retry instead of seeing a 500 or a hang;
 * - a UNIQUE constraint refused the write: 409 naming the field, never the SQL or the value;
 * - anything else is a bug or a schema mismatch: the caller's 500, logged in full.
 */

export type DatabaseProblem = { status: 503; detail: string } | { status: 409; detail: string };

/** Node socket errors met while connecting to or talking with the server. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);

/**
 * SQLSTATEs of an unavailable server: class 08 (connection exception), 53300 too many connections,
 * 57P01-57P03 shutdown or not yet accepting connections, 57014 a statement cancelled by statement_timeout,
 * and 40001/40P01 (serialization failure, deadlock), which succeed when retried.
 */
const UNAVAILABLE_STATES = new Set(['53300', '57P01', '57P02', '57P03', '57014', '40001', '40P01']);

/** node-postgres reports these failures by message only (no code): pool wait, connect and read timeouts, lost connections. */
const UNAVAILABLE_MESSAGES = [
  'timeout exceeded when trying to connect',
  'Connection terminated',
  'Query read timeout',
  'Client has encountered a connection error and is not queryable',
  'Cannot use a pool after calling end on the pool',
];

const UNIQUE_VIOLATION = '23505';

interface DriverError {
  code?: unknown;
  message?: unknown;
  table?: unknown;
  constraint?: unknown;
  errors?: unknown;
}

export const UNAVAILABLE_DETAIL = 'The database is unavailable; retry later.';

export function databaseProblem(error: unknown): DatabaseProblem | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { code, table, constraint } = error as DriverError;
  if (isUnavailable(error)) return { status: 503, detail: UNAVAILABLE_DETAIL };
  if (code === UNIQUE_VIOLATION) {
    const field = uniqueField(table, constraint);
    return {
      status: 409,
      detail: field
        ? `A record with this ${field} already exists.`
        : 'A record with the same unique value already exists.',
    };
  }
  return undefined;
}

function isUnavailable({ code, message, errors }: DriverError): boolean {
  if (typeof code === 'string') {
    if (NETWORK_CODES.has(code) || UNAVAILABLE_STATES.has(code) || code.startsWith('08')) return true;
  }
  if (typeof message === 'string' && UNAVAILABLE_MESSAGES.some((text) => message.includes(text))) return true;
  // Node reports a failed connection to a host with several addresses as an AggregateError of socket errors.
  return (
    Array.isArray(errors) &&
    errors.some((inner: unknown) => typeof inner === 'object' && inner !== null && isUnavailable(inner))
  );
}

/**
 * The column behind a UNIQUE violation. PostgreSQL names a column's UNIQUE constraint `<table>_<column>_key`
 * (pets_name_key); a constraint named otherwise is not guessed at.
 */
export function uniqueField(table: unknown, constraint: unknown): string | undefined {
  if (typeof table !== 'string' || typeof constraint !== 'string') return undefined;
  const prefix = `${table}_`;
  const suffix = '_key';
  if (!constraint.startsWith(prefix) || !constraint.endsWith(suffix)) return undefined;
  const column = constraint.slice(prefix.length, -suffix.length);
  return /^[a-z_][a-z0-9_]*$/.test(column) ? column : undefined;
}
