/**
 * The service's settings (declared in settings-schema.ts), read from environment variables and validated at
 * start-up, one by one and against each other; and the values the rest of the service derives from them.
 *
 * A bad value stops the process before anything listens, with a single line naming the variable and what
 * it accepts (see SettingsError), the way pydantic's BaseSettings fails at import in the FastAPI original.
 */
import { isIP } from 'node:net';
import Type from 'typebox';
import Value from 'typebox/value';
import { SettingsSchema, settingNames, type Settings } from './settings-schema.js';
import { StartupError } from './startup-error.js';

export {
  LOG_LEVELS,
  NODE_ENVS,
  SettingsSchema,
  settingNames,
  type SettingAnnotations,
  type SettingName,
  type Settings,
} from './settings-schema.js';

/** A setting that failed validation; its message is the one line the process prints before exiting. */
export class SettingsError extends StartupError {
  override readonly name = 'SettingsError';

  constructor(
    readonly setting: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Reads the settings from an environment (process.env by default): unset ones take their default.
 * Numbers are converted strictly (digits only), so "1.5", " 80" and "" are refused rather than coerced.
 */
export function loadSettings(env: Readonly<Record<string, string | undefined>> = process.env): Settings {
  const settings: Record<string, unknown> = {};
  for (const name of settingNames) {
    const property = SettingsSchema.properties[name];
    const text = env[name];
    const value = text === undefined ? property.default : parseSetting(property, text);
    if (!Value.Check(property, value)) {
      const shown = 'secret' in property ? ' (value not shown)' : `=${quote(text)}`;
      throw new SettingsError(name, `Invalid setting ${name}${shown}: expected ${property.accepts}.`);
    }
    settings[name] = value;
  }
  checkAgreement(settings as Settings);
  checkAuthSources(settings as Settings);
  checkProxies(settings as Settings);
  return settings as Settings;
}

/** Settings valid one by one must also agree with each other (Node refuses a request timeout below the headers one; two servers cannot share a port). */
function checkAgreement(settings: Settings): void {
  const { KEEP_ALIVE_TIMEOUT_MS: keepAlive, HEADERS_TIMEOUT_MS: headers, REQUEST_TIMEOUT_MS: request } = settings;
  if (headers <= keepAlive) {
    throw new SettingsError(
      'HEADERS_TIMEOUT_MS',
      `Invalid setting HEADERS_TIMEOUT_MS=${quote(String(headers))}: expected more than KEEP_ALIVE_TIMEOUT_MS (${keepAlive}).`,
    );
  }
  if (request < headers) {
    throw new SettingsError(
      'REQUEST_TIMEOUT_MS',
      `Invalid setting REQUEST_TIMEOUT_MS=${quote(String(request))}: expected at least HEADERS_TIMEOUT_MS (${headers}).`,
    );
  }
  if (settings.METRICS_PORT === settings.PORT && settings.PORT !== 0) {
    throw new SettingsError(
      'METRICS_PORT',
      `Invalid setting METRICS_PORT=${quote(String(settings.METRICS_PORT))}: expected not PORT (${settings.PORT}).`,
    );
  }
}

/**
 * A registered feature that uses the database needs DATABASE_URL in production; elsewhere an embedded
 * PostgreSQL stands in for it (database/embedded.ts).
 */
export function checkDatabaseUrl(settings: Settings, usesDatabase: boolean): void {
  if (!usesDatabase || settings.DATABASE_URL !== '') return;
  if (settings.NODE_ENV === 'production') {
    throw new SettingsError(
      'DATABASE_URL',
      'Missing setting DATABASE_URL: NODE_ENV=production and a registered feature uses the database; expected a postgres:// or postgresql:// connection URL.',
    );
  }
  // The embedded server has one data directory, so one process: workers would each try to start it.
  if (settings.WEB_CONCURRENCY > 1) {
    throw new SettingsError(
      'DATABASE_URL',
      `Missing setting DATABASE_URL: WEB_CONCURRENCY=${settings.WEB_CONCURRENCY} workers cannot share the embedded development PostgreSQL; expected a postgres:// or postgresql:// connection URL.`,
    );
  }
}

/** A JWKS URL alone would verify signatures but no issuer: the iss check needs AUTH_ISSUER. */
function checkAuthSources(settings: Settings): void {
  if (settings.AUTH_JWKS_URL !== '' && settings.AUTH_ISSUER === '') {
    throw new SettingsError(
      'AUTH_JWKS_URL',
      `Invalid setting AUTH_JWKS_URL=${quote(settings.AUTH_JWKS_URL)}: expected AUTH_ISSUER to be set as well.`,
    );
  }
}

/** Each trusted proxy must be a real address or range: Fastify would otherwise fail later with a stack trace. */
function checkProxies(settings: Settings): void {
  const text = settings.TRUST_PROXY;
  if (text === '' || /^[1-9]$/.test(text)) return;
  for (const entry of text.split(',')) {
    const [address = '', prefix] = entry.split('/');
    const family = isIP(address);
    const bits = family === 4 ? 32 : 128;
    if (family === 0 || (prefix !== undefined && Number(prefix) > bits)) {
      throw new SettingsError(
        'TRUST_PROXY',
        `Invalid setting TRUST_PROXY=${quote(text)}: expected ${SettingsSchema.properties.TRUST_PROXY.accepts}.`,
      );
    }
  }
}

/**
 * Fastify's trustProxy from TRUST_PROXY: false (the socket's address is the client), an address list, or
 * for a hop count the function Fastify itself would make from a number (its types accept no number).
 */
export function trustProxy(
  settings: Pick<Settings, 'TRUST_PROXY'>,
): boolean | string | ((address: string, hop: number) => boolean) {
  if (settings.TRUST_PROXY === '') return false;
  if (!/^[1-9]$/.test(settings.TRUST_PROXY)) return settings.TRUST_PROXY;
  const hops = Number(settings.TRUST_PROXY);
  return (_address, hop) => hop < hops;
}

export function isProduction(settings: Pick<Settings, 'NODE_ENV'>): boolean {
  return settings.NODE_ENV === 'production';
}

/** Whether traces are exported: an OTLP endpoint is set (docs/operations.md#traces). */
export function tracingEnabled(
  settings: Pick<Settings, 'OTEL_EXPORTER_OTLP_ENDPOINT' | 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT'>,
): boolean {
  return settings.OTEL_EXPORTER_OTLP_ENDPOINT !== '' || settings.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT !== '';
}

/** The allowed CORS origins as a list (empty: no cross-origin access). */
export function corsOrigins(settings: Pick<Settings, 'CORS_ORIGINS'>): string[] {
  return settings.CORS_ORIGINS === '' ? [] : settings.CORS_ORIGINS.split(',');
}

/** Quotes a refused value for the error line, cut short so a huge value cannot flood the log. */
function quote(text: string | undefined): string {
  const shown = text !== undefined && text.length > 80 ? `${text.slice(0, 80)}…` : text;
  return JSON.stringify(shown);
}

function parseSetting(schema: Type.TSchema, text: string): unknown {
  if (Type.IsInteger(schema) && /^\d{1,15}$/.test(text)) return Number(text);
  if (Type.IsBoolean(schema) && (text === 'true' || text === 'false')) return text === 'true';
  return text;
}

/** The path prefix of API version `version` (1 gives API_V1_STR itself). */
export function apiPrefix(settings: Pick<Settings, 'API_V1_STR'>, version: number): string {
  return `${settings.API_V1_STR.slice(0, -1)}${version}`;
}
