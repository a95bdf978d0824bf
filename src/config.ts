/**
 * The service's settings: one schema, read from environment variables and validated at start-up.
 *
 * A bad value stops the process before anything listens, with a single line naming the variable and what
 * it accepts (see SettingsError), the way pydantic's BaseSettings fails at import in the FastAPI original.
 */
import { readFileSync } from 'node:fs';
import Type from 'typebox';
import Value from 'typebox/value';

const packageJson = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  version: string;
};

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** What every setting declares beyond its type: read for error messages and the README's settings table. */
export interface SettingAnnotations {
  readonly default: unknown;
  /** What the setting accepts, completing "expected ...". */
  readonly accepts: string;
  /** What the setting is for. */
  readonly description: string;
}

function setting<T extends Type.TSchema>(schema: T, annotations: SettingAnnotations): T & SettingAnnotations {
  return Object.assign(schema, annotations);
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
  PORT: setting(Type.Integer({ minimum: 0, maximum: 65535 }), {
    default: 8000,
    accepts: 'an integer from 0 to 65535',
    description: 'TCP port to listen on (0 picks a free port).',
  }),
  LOG_LEVEL: setting(Type.Union(LOG_LEVELS.map((level) => Type.Literal(level))), {
    default: 'info',
    accepts: `one of ${LOG_LEVELS.join(', ')}`,
    description: 'Lowest level of log line written (pino levels).',
  }),
});

export type Settings = Type.Static<typeof SettingsSchema>;
export type SettingName = keyof Settings;

/** A setting that failed validation; its message is the one line the process prints before exiting. */
export class SettingsError extends Error {
  constructor(
    readonly setting: string,
    message: string,
  ) {
    super(message);
    this.name = 'SettingsError';
  }
}

export const settingNames = Object.keys(SettingsSchema.properties) as SettingName[];

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
      throw new SettingsError(name, `Invalid setting ${name}=${quote(text)}: expected ${property.accepts}.`);
    }
    settings[name] = value;
  }
  return settings as Settings;
}

/** Quotes a refused value for the error line, cut short so a huge value cannot flood the log. */
function quote(text: string | undefined): string {
  const shown = text !== undefined && text.length > 80 ? `${text.slice(0, 80)}…` : text;
  return JSON.stringify(shown);
}

function parseSetting(schema: Type.TSchema, text: string): unknown {
  return Type.IsInteger(schema) && /^\d{1,15}$/.test(text) ? Number(text) : text;
}

/** The path prefix of API version `version` (1 gives API_V1_STR itself). */
export function apiPrefix(settings: Pick<Settings, 'API_V1_STR'>, version: number): string {
  return `${settings.API_V1_STR.slice(0, -1)}${version}`;
}
