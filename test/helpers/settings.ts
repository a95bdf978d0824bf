import { inject } from 'vitest';
import { loadSettings, type Settings } from '../../src/config.js';

/** CURSOR_SECRET for tests and production starts in tests: production demands one (cursor.ts). */
export const TEST_CURSOR_SECRET = 'a cursor key for tests, not for any service';

/**
 * Settings for tests: the defaults, silent logs, the run's shared test database (see
 * database-server.ts; a test that writes takes its own through database.ts), no load shedding on event
 * loop delay (a machine busy with suites side by side would turn answers into 503s; load-shedding.test.ts
 * sheds on the heap instead), and any override.
 */
export function testSettings(env: Record<string, string> = {}): Settings {
  return loadSettings({
    LOG_LEVEL: 'silent',
    NODE_ENV: 'test',
    DATABASE_URL: inject('sharedDatabaseUrl'),
    MAX_EVENT_LOOP_DELAY_MS: '0',
    CURSOR_SECRET: TEST_CURSOR_SECRET,
    ...env,
  });
}

const ms = (max: number, extra = '') => `an integer from 1 to ${max} (milliseconds)${extra}`;
const PATH_PREFIX = 'a path that starts with "/" and ends with "/v1", such as /v1 or /api/v1';
const ISSUER_URL = 'an http(s) URL without spaces, such as https://login.example.com/realms/petsage, or nothing';
const PROXIES =
  'nothing, a number of proxy hops from 1 to 9, or a comma-separated list of proxy IP addresses or CIDR ranges';
const ROLE_NAME = 'a PostgreSQL role name (lower-case letters, digits and _, at most 63), or nothing';
const ORIGINS = 'a comma-separated list of origins such as https://app.example.com,http://localhost:3000, or nothing';

/** The one line a refused value is reported with. */
const refusal = (name: string, value: string, accepts: string): [string, string, string] => [
  name,
  value,
  `Invalid setting ${name}=${JSON.stringify(value)}: expected ${accepts}.`,
];

/** Bad values, each alone, for every setting: [name, value, the exact line it must be refused with]. */
export const SETTING_REFUSALS: [string, string, string][] = [
  ['PORT', 'abc', 'an integer from 0 to 65535'],
  ['PORT', '70000', 'an integer from 0 to 65535'],
  ['PORT', '-1', 'an integer from 0 to 65535'],
  ['PORT', '80.5', 'an integer from 0 to 65535'],
  ['PORT', ' 80', 'an integer from 0 to 65535'],
  ['PORT', '', 'an integer from 0 to 65535'],
  ['LOG_LEVEL', 'loud', 'one of fatal, error, warn, info, debug, trace, silent'],
  ['API_V1_STR', 'v1', PATH_PREFIX],
  ['API_V1_STR', '/v1/', PATH_PREFIX],
  ['PROJECT_NAME', '', 'a non-empty name of at most 200 characters'],
  ['PROJECT_VERSION', 'x'.repeat(65), 'a non-empty version string of at most 64 characters'],
  ['HOST', '', 'a host name or IP address to listen on, such as 127.0.0.1 or 0.0.0.0'],
  ['LOG_BUFFER_BYTES', '-1', 'an integer from 0 to 16383'],
  ['LOG_BUFFER_BYTES', '16384', 'an integer from 0 to 16383'],
  ['SHUTDOWN_DELAY_MS', 'soon', 'an integer from 0 to 600000 (milliseconds)'],
  ['SHUTDOWN_TIMEOUT_MS', '0', ms(600000)],
  ['KEEP_ALIVE_TIMEOUT_MS', '5s', ms(3600000)],
  ['HEADERS_TIMEOUT_MS', '0', ms(3600000, ', above KEEP_ALIVE_TIMEOUT_MS')],
  ['REQUEST_TIMEOUT_MS', '1e5', ms(3600000, ', at least HEADERS_TIMEOUT_MS')],
  ['BODY_LIMIT_BYTES', '1MB', 'an integer from 0 to 104857600 (bytes)'],
  ['MAX_CONNECTIONS', '0', 'an integer from 1 to 1000000'],
  ['METRICS_ENABLED', 'yes', 'true or false'],
  ['METRICS_PORT', '65536', 'an integer from 0 to 65535, not PORT'],
  ['LOG_QUERY_STRINGS', '1', 'true or false'],
  ['CORS_ORIGINS', '*', ORIGINS],
  ['CORS_ORIGINS', 'https://app.example.com/', ORIGINS],
  ['MAX_EVENT_LOOP_DELAY_MS', '-5', 'an integer from 0 to 60000 (milliseconds; 0 turns the check off)'],
  ['MAX_HEAP_USED_MB', 'lots', 'an integer from 0 to 1048576 (MiB; 0 turns the check off)'],
  ['RETRY_AFTER_S', '0', 'an integer from 1 to 3600 (seconds)'],
  ['WEB_CONCURRENCY', '0', 'an integer from 1 to 64'],
  ['NODE_ENV', 'prod', 'one of development, test, production'],
  ['DATABASE_DIR', '', 'a directory path'],
  ['DATABASE_POOL_SIZE', '0', 'an integer from 1 to 1000'],
  ['DATABASE_CONNECT_TIMEOUT_MS', '5s', ms(600000)],
  ['DATABASE_STATEMENT_TIMEOUT_MS', '0', ms(3600000)],
  ['DATABASE_API_ROLE', 'PetSage', ROLE_NAME],
  ['DATABASE_API_ROLE', 'api; drop table pets', ROLE_NAME],
  ['DATABASE_API_ROLE', 'a'.repeat(64), ROLE_NAME],
  ['IDEMPOTENCY_KEY_TTL_S', '0', 'an integer from 1 to 2592000 (seconds, at most 30 days)'],
  ['AUTH_REQUIRED', 'yes', 'true or false'],
  ['AUTH_ISSUER', 'login.example.com', ISSUER_URL],
  ['AUTH_ISSUER', 'https://login.example.com/realms/pet sage', ISSUER_URL],
  ['AUTH_AUDIENCE', '', 'a non-empty audience of at most 500 characters'],
  ['AUTH_JWKS_URL', 'ftp://login.example.com/jwks', 'an http(s) URL without spaces, or nothing'],
  ['AUTH_CLOCK_TOLERANCE_S', '301', 'an integer from 0 to 300 (seconds)'],
  ['AUTH_JWKS_TIMEOUT_MS', '0', ms(60000)],
  ['AUTH_JWKS_COOLDOWN_MS', '-1', 'an integer from 0 to 3600000 (milliseconds)'],
  ['AUTH_TOKEN_CACHE_TTL_MS', '1m', 'an integer from 0 to 3600000 (milliseconds), 0 turns the cache off'],
  ['AUTH_TOKEN_CACHE_MB', '-1', 'an integer from 0 to 1024 (MiB), 0 turns the cache off'],
  ['AUTH_TOKEN_CACHE_MB', '16MB', 'an integer from 0 to 1024 (MiB), 0 turns the cache off'],
  ['AUTH_DEV_KEYS_DIR', '', 'a directory path'],
  ['TRUST_PROXY', 'true', PROXIES],
  ['TRUST_PROXY', '10', PROXIES],
  ['TRUST_PROXY', '10.0.0.0/33', PROXIES],
  ['TRUST_PROXY', '10.0.0.1,', PROXIES],
  ['RATE_LIMIT_WINDOW_S', '0', 'an integer from 1 to 86400 (seconds)'],
  ['RATE_LIMIT_READ_MAX', '-1', 'an integer from 0 to 1000000000 (0 turns the limit off)'],
  ['RATE_LIMIT_WRITE_MAX', 'many', 'an integer from 0 to 1000000000 (0 turns the limit off)'],
  ['RATE_LIMIT_UNAUTHENTICATED_MAX', '-1', 'an integer from 0 to 1000000000 (0 turns the limit off)'],
  ['REDIS_URL', 'localhost:6379', 'a redis:// or rediss:// URL, or nothing'],
  [
    'OTEL_EXPORTER_OTLP_ENDPOINT',
    'otel-collector:4318',
    'an http(s) URL without spaces, such as http://otel-collector:4318, or nothing',
  ],
  [
    'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT',
    'grpc://otel-collector:4317',
    'an http(s) URL without spaces, such as http://otel-collector:4318/v1/traces, or nothing',
  ],
]
  .map(([name, value, accepts]) => refusal(name as string, value as string, accepts as string))
  .concat(
    // A secret's refusal names it but never echoes the value, which may hold a password.
    ['mysql://user:hunter2@db/app', 'postgres://'].map((value) => [
      'DATABASE_URL',
      value,
      'Invalid setting DATABASE_URL (value not shown): expected a postgres:// or postgresql:// connection URL, or nothing.',
    ]),
    [
      [
        'CURSOR_SECRET',
        'too short',
        'Invalid setting CURSOR_SECRET (value not shown): expected a random text of at least 32 characters, or nothing.',
      ],
    ],
  );

/** Values valid alone that disagree with another setting's default: [name, value, the line]. */
export const CROSS_SETTING_REFUSALS: [string, string, string][] = [
  [
    'KEEP_ALIVE_TIMEOUT_MS',
    '70000',
    'Invalid setting HEADERS_TIMEOUT_MS="66000": expected more than KEEP_ALIVE_TIMEOUT_MS (70000).',
  ],
  [
    'REQUEST_TIMEOUT_MS',
    '60000',
    'Invalid setting REQUEST_TIMEOUT_MS="60000": expected at least HEADERS_TIMEOUT_MS (66000).',
  ],
  [
    'AUTH_JWKS_URL',
    'https://login.example.com/jwks',
    'Invalid setting AUTH_JWKS_URL="https://login.example.com/jwks": expected AUTH_ISSUER to be set as well.',
  ],
  ['PORT', '9464', 'Invalid setting METRICS_PORT="9464": expected not PORT (9464).'],
];
