/**
 * Every setting of the service, declared once: its type and bounds (a TypeBox schema), its default, what it
 * accepts (said in a refusal's one line) and what it is for. config.ts reads and checks them; the table in
 * docs/configuration.md is tested against this schema.
 */
import { readFileSync } from 'node:fs';
import Type from 'typebox';

const packageJson = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  version: string;
};

/** One browser origin: scheme, host and optional port, no path (https://app.example.com:8443). */
const ORIGIN = 'https?://[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)*(:[0-9]{1,5})?';

/** An absolute http(s) URL: no spaces, nothing else is assumed about it. */
const HTTP_URL = 'https?://[^\\s/]+\\S*';

/** One proxy address for Fastify's trustProxy: an IPv4 or IPv6 address, optionally a CIDR range (checkProxies parses it). */
const PROXY_ADDRESS = '[0-9A-Fa-f.:]+(/[0-9]{1,3})?';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export const NODE_ENVS = ['development', 'test', 'production'] as const;

/** What every setting declares beyond its type: read for error messages and the settings table in docs/configuration.md. */
export interface SettingAnnotations {
  readonly default: unknown;
  /** What the setting accepts, completing "expected ...". */
  readonly accepts: string;
  /** What the setting is for. */
  readonly description: string;
  /** A secret (it may hold a password): a refusal names the setting but never shows the value. */
  readonly secret?: boolean;
}

function setting<T extends Type.TSchema>(schema: T, annotations: SettingAnnotations): T & SettingAnnotations {
  return Object.assign(schema, annotations);
}

interface IntegerAnnotations extends Omit<SettingAnnotations, 'accepts'> {
  /** Said in parentheses after the range: the unit, and what 0 means where it means something. */
  readonly unit?: string;
  /** A condition on other settings, said after the range (checkAgreement enforces it). */
  readonly and?: string;
}

/** An integer setting whose "accepts" is said from its bounds, so the message cannot drift from them. */
function integerSetting(minimum: number, maximum: number, { unit, and, ...annotations }: IntegerAnnotations) {
  const accepts = `an integer from ${minimum} to ${maximum}${unit ? ` (${unit})` : ''}${and ? `, ${and}` : ''}`;
  return setting(Type.Integer({ minimum, maximum }), { ...annotations, accepts });
}

export const SettingsSchema = Type.Object({
  PROJECT_NAME: setting(Type.String({ minLength: 1, maxLength: 200 }), {
    default: 'PetSage Backend',
    accepts: 'a non-empty name of at most 200 characters',
    description: 'Service title, shown in the OpenAPI document and the docs page.',
  }),
  PROJECT_VERSION: setting(Type.String({ minLength: 1, maxLength: 64 }), {
    default: packageJson.version,
    accepts: 'a non-empty version string of at most 64 characters',
    description: 'Service version in the OpenAPI document; defaults to the version in package.json.',
  }),
  API_V1_STR: setting(Type.String({ pattern: '^(/[A-Za-z0-9._~-]+)*/v1$' }), {
    default: '/v1',
    accepts: 'a path that starts with "/" and ends with "/v1", such as /v1 or /api/v1',
    description: 'Path prefix of API version 1; version N is served at the same path ending in /vN.',
  }),
  HOST: setting(Type.String({ minLength: 1 }), {
    default: '127.0.0.1',
    accepts: 'a host name or IP address to listen on, such as 127.0.0.1 or 0.0.0.0',
    description: 'Interface to listen on; the container image sets 0.0.0.0.',
  }),
  PORT: integerSetting(0, 65535, {
    default: 8000,
    description: 'TCP port to listen on (0 picks a free port).',
  }),
  LOG_LEVEL: setting(Type.Union(LOG_LEVELS.map((level) => Type.Literal(level))), {
    default: 'info',
    accepts: `one of ${LOG_LEVELS.join(', ')}`,
    description: 'Lowest level of log line written (pino levels).',
  }),
  // pino's destination (sonic-boom) refuses a buffer of its maximum write size (16 KiB) or more.
  LOG_BUFFER_BYTES: integerSetting(0, 16_383, {
    default: 4096,
    description:
      'Log lines are written in batches of about this many bytes (and at least once a second); 0 writes each line at once.',
  }),
  SHUTDOWN_DELAY_MS: integerSetting(0, 600_000, {
    default: 5000,
    unit: 'milliseconds',
    description: 'On SIGTERM or SIGINT, time spent still serving (with /readyz at 503) before closing.',
  }),
  SHUTDOWN_TIMEOUT_MS: integerSetting(1, 600_000, {
    default: 10_000,
    unit: 'milliseconds',
    description: 'After the drain delay, time allowed for in-flight requests to finish before a forced exit 1.',
  }),
  KEEP_ALIVE_TIMEOUT_MS: integerSetting(1, 3_600_000, {
    default: 65_000,
    unit: 'milliseconds',
    description: 'How long an idle keep-alive connection stays open; above the load balancer idle timeout (60 s).',
  }),
  HEADERS_TIMEOUT_MS: integerSetting(1, 3_600_000, {
    default: 66_000,
    unit: 'milliseconds',
    and: 'above KEEP_ALIVE_TIMEOUT_MS',
    description: 'Time allowed to receive a request head; kept above the keep-alive timeout.',
  }),
  REQUEST_TIMEOUT_MS: integerSetting(1, 3_600_000, {
    default: 70_000,
    unit: 'milliseconds',
    and: 'at least HEADERS_TIMEOUT_MS',
    description: 'Time allowed to receive a whole request.',
  }),
  BODY_LIMIT_BYTES: integerSetting(0, 104_857_600, {
    default: 1_048_576,
    unit: 'bytes',
    description:
      'Largest request body read, on every route: larger ones answer 413 and the connection closes, and an unread body past it is not read.',
  }),
  MAX_CONNECTIONS: integerSetting(1, 1_000_000, {
    default: 4096,
    description: 'Open connections a serving process holds at most; past it, new connections are closed unanswered.',
  }),
  METRICS_ENABLED: setting(Type.Boolean(), {
    default: true,
    accepts: 'true or false',
    description: 'Serve Prometheus metrics at /metrics on METRICS_PORT and count every request.',
  }),
  METRICS_PORT: integerSetting(0, 65535, {
    default: 9464,
    and: 'not PORT',
    description: 'TCP port of /metrics, apart from the API so that only the cluster reaches it (0 picks a free port).',
  }),
  LOG_QUERY_STRINGS: setting(Type.Boolean(), {
    default: false,
    accepts: 'true or false',
    description: 'Keep query strings in the URLs the access log writes; off, since they may hold personal data.',
  }),
  CORS_ORIGINS: setting(Type.String({ pattern: `^(${ORIGIN}(,${ORIGIN})*)?$` }), {
    default: '',
    accepts: 'a comma-separated list of origins such as https://app.example.com,http://localhost:3000, or nothing',
    description: 'Browser origins allowed to call the API cross-origin; empty allows none.',
  }),
  MAX_EVENT_LOOP_DELAY_MS: integerSetting(0, 60_000, {
    default: 1000,
    unit: 'milliseconds; 0 turns the check off',
    description: 'Load shedding: answer 503 while the mean event loop delay is above this.',
  }),
  MAX_HEAP_USED_MB: integerSetting(0, 1_048_576, {
    default: 0,
    unit: 'MiB; 0 turns the check off',
    description: 'Load shedding: answer 503 while the V8 heap in use is above this.',
  }),
  RETRY_AFTER_S: integerSetting(1, 3600, {
    default: 10,
    unit: 'seconds',
    description: 'Retry-After sent with a 503 while shedding load or while the database is unreachable.',
  }),
  WEB_CONCURRENCY: integerSetting(1, 64, {
    default: 1,
    description: 'Worker processes sharing the port (node:cluster); 1 runs a single process.',
  }),
  NODE_ENV: setting(Type.Union(NODE_ENVS.map((name) => Type.Literal(name))), {
    default: 'development',
    accepts: `one of ${NODE_ENVS.join(', ')}`,
    description:
      'production requires DATABASE_URL (and AUTH_ISSUER where routes need tokens), leaves migrations to `petsage db migrate` and trusts no development token.',
  }),
  DATABASE_URL: setting(Type.String({ pattern: '^(postgres(ql)?://\\S+)?$' }), {
    default: '',
    accepts: 'a postgres:// or postgresql:// connection URL, or nothing',
    description:
      'PostgreSQL server of the features that use a database; empty outside production starts an embedded PostgreSQL in DATABASE_DIR.',
    secret: true,
  }),
  CURSOR_SECRET: setting(Type.Union([Type.Literal(''), Type.String({ minLength: 32 })]), {
    default: '',
    accepts: 'a random text of at least 32 characters, or nothing',
    description:
      'Key that signs page cursors (HMAC-SHA256), the same on every replica; required in production. Empty elsewhere: a random key per process, so cursors do not survive a restart.',
    secret: true,
  }),
  DATABASE_DIR: setting(Type.String({ minLength: 1 }), {
    default: '.petsage/postgres',
    accepts: 'a directory path',
    description: 'Data directory of the embedded development PostgreSQL (git-ignored); kept across restarts.',
  }),
  DATABASE_POOL_SIZE: integerSetting(1, 1000, {
    default: 10,
    description: 'Most connections each process holds open to PostgreSQL.',
  }),
  DATABASE_CONNECT_TIMEOUT_MS: integerSetting(1, 600_000, {
    default: 5000,
    unit: 'milliseconds',
    description: 'Time allowed to open a connection or wait for a free one; then the request answers 503.',
  }),
  DATABASE_STATEMENT_TIMEOUT_MS: integerSetting(1, 3_600_000, {
    default: 30_000,
    unit: 'milliseconds',
    description: 'Longest a single SQL statement may run; then it is cancelled and the request answers 503.',
  }),
  // A plain PostgreSQL name (no quoting needed, at most NAMEDATALEN - 1 bytes): it is also quoted where used.
  DATABASE_API_ROLE: setting(Type.String({ pattern: '^([a-z_][a-z0-9_]{0,62})?$' }), {
    default: '',
    accepts: 'a PostgreSQL role name (lower-case letters, digits and _, at most 63), or nothing',
    description:
      "The role the service connects as when migrations run as the schema's owner: after migrating, the migration command grants it reading and writing rows of every table, and nothing more. Empty: no grants (one role does both).",
  }),
  IDEMPOTENCY_KEY_TTL_S: integerSetting(1, 2_592_000, {
    default: 86_400,
    unit: 'seconds, at most 30 days',
    description:
      "How long the answer to a POST with an Idempotency-Key is kept for the caller's retries; then the key is deleted and may be used again.",
  }),
  AUTH_REQUIRED: setting(Type.Boolean(), {
    default: true,
    accepts: 'true or false',
    description:
      'Whether routes that declare a bearerAuth requirement demand a valid token; false serves them to anyone (a gateway authenticates).',
  }),
  AUTH_ISSUER: setting(Type.String({ pattern: `^(${HTTP_URL})?$` }), {
    default: '',
    accepts: 'an http(s) URL without spaces, such as https://login.example.com/realms/petsage, or nothing',
    description:
      "Token issuer (the iss claim); its JWKS comes from AUTH_JWKS_URL or its OpenID discovery document. Empty: outside production, the development issuer of 'petsage token'.",
  }),
  AUTH_AUDIENCE: setting(Type.String({ minLength: 1, maxLength: 500 }), {
    default: 'petsage-api',
    accepts: 'a non-empty audience of at most 500 characters',
    description: 'The aud claim a token must carry: the API identifier registered at the identity provider.',
  }),
  AUTH_JWKS_URL: setting(Type.String({ pattern: `^(${HTTP_URL})?$` }), {
    default: '',
    accepts: 'an http(s) URL without spaces, or nothing',
    description:
      "The issuer's JSON Web Key Set; empty: the jwks_uri of <AUTH_ISSUER>/.well-known/openid-configuration.",
  }),
  AUTH_CLOCK_TOLERANCE_S: integerSetting(0, 300, {
    default: 10,
    unit: 'seconds',
    description: 'Clock skew allowed when checking exp and nbf.',
  }),
  AUTH_JWKS_TIMEOUT_MS: integerSetting(1, 60_000, {
    default: 3000,
    unit: 'milliseconds',
    description: 'Time allowed to fetch the discovery document or the JWKS; after it the request answers 401.',
  }),
  AUTH_JWKS_COOLDOWN_MS: integerSetting(0, 3_600_000, {
    default: 30_000,
    unit: 'milliseconds',
    description:
      'Least time between two JWKS fetches caused by an unknown key id or a failed fetch, so tokens cannot make us hammer the issuer.',
  }),
  AUTH_TOKEN_CACHE_TTL_MS: integerSetting(0, 3_600_000, {
    default: 60_000,
    unit: 'milliseconds',
    and: '0 turns the cache off',
    description:
      "Longest a verified token is remembered (never past its exp), so a client's repeated token is verified once; a token whose key the issuer withdrew is accepted until then.",
  }),
  AUTH_TOKEN_CACHE_MB: integerSetting(0, 1024, {
    default: 16,
    unit: 'MiB',
    and: '0 turns the cache off',
    description:
      'Most memory the verified tokens remembered by each process may take, the least recently used going first.',
  }),
  AUTH_DEV_KEYS_DIR: setting(Type.String({ minLength: 1, maxLength: 4096 }), {
    default: '.petsage/dev-keys',
    accepts: 'a directory path',
    description:
      "Where 'petsage token' keeps the development signing key; the service trusts its public half outside production only.",
  }),
  TRUST_PROXY: setting(Type.String({ pattern: `^(|[1-9]|${PROXY_ADDRESS}(,${PROXY_ADDRESS})*)$` }), {
    default: '',
    accepts:
      'nothing, a number of proxy hops from 1 to 9, or a comma-separated list of proxy IP addresses or CIDR ranges',
    description:
      'Which proxies may set X-Forwarded-For, so the client address (rate limits, logs) is the caller and not the proxy. Empty trusts none.',
  }),
  RATE_LIMIT_WINDOW_S: integerSetting(1, 86_400, {
    default: 60,
    unit: 'seconds',
    description: 'Length of the rate-limit window.',
  }),
  RATE_LIMIT_READ_MAX: integerSetting(0, 1_000_000_000, {
    default: 600,
    unit: '0 turns the limit off',
    description: 'Reads (GET, HEAD) one client may make per window: by token subject, else by client address.',
  }),
  RATE_LIMIT_WRITE_MAX: integerSetting(0, 1_000_000_000, {
    default: 120,
    unit: '0 turns the limit off',
    description: 'Writes (every other method) one client may make per window.',
  }),
  RATE_LIMIT_UNAUTHENTICATED_MAX: integerSetting(0, 1_000_000_000, {
    default: 60,
    unit: '0 turns the limit off',
    description:
      'Requests to protected operations one client address may make per window with no token the service has verified before (none, a bad one, or a new one): counted before verification.',
  }),
  REDIS_URL: setting(Type.String({ pattern: '^(rediss?://\\S+)?$' }), {
    default: '',
    accepts: 'a redis:// or rediss:// URL, or nothing',
    description: 'Redis shared by the replicas for rate-limit counters; empty: each replica counts on its own.',
  }),
  // OpenTelemetry's own names: its exporter reads them itself; they are declared here so that a bad one is
  // refused at start-up in one line, and so that setting either turns tracing on (docs/operations.md#traces).
  OTEL_EXPORTER_OTLP_ENDPOINT: setting(Type.String({ pattern: `^(${HTTP_URL})?$` }), {
    default: '',
    accepts: 'an http(s) URL without spaces, such as http://otel-collector:4318, or nothing',
    description:
      'OTLP/HTTP receiver (an OpenTelemetry Collector) of the traces, sent to <this>/v1/traces; set, it turns tracing on.',
  }),
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: setting(Type.String({ pattern: `^(${HTTP_URL})?$` }), {
    default: '',
    accepts: 'an http(s) URL without spaces, such as http://otel-collector:4318/v1/traces, or nothing',
    description:
      'Full URL the traces are sent to, used as it is, before OTEL_EXPORTER_OTLP_ENDPOINT; set, it turns tracing on.',
  }),
});

export type Settings = Type.Static<typeof SettingsSchema>;
export type SettingName = keyof Settings;

export const settingNames = Object.keys(SettingsSchema.properties) as SettingName[];
