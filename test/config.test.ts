import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  apiPrefix,
  checkDatabaseUrl,
  corsOrigins,
  loadSettings,
  SettingsError,
  settingNames,
  trustProxy,
} from '../src/config.js';
import { CROSS_SETTING_REFUSALS, SETTING_REFUSALS } from './helpers/settings.js';

const packageVersion = (JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version;

function refusal(env: Record<string, string>): SettingsError {
  try {
    loadSettings(env);
  } catch (error) {
    if (error instanceof SettingsError) return error;
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(env)} to be refused`);
}

describe('loadSettings', () => {
  it('fills every setting with its default when the environment sets none', () => {
    expect(loadSettings({})).toEqual({
      PROJECT_NAME: 'PetSage Backend',
      PROJECT_VERSION: packageVersion,
      API_V1_STR: '/v1',
      HOST: '127.0.0.1',
      PORT: 8000,
      LOG_LEVEL: 'info',
      LOG_BUFFER_BYTES: 4096,
      SHUTDOWN_DELAY_MS: 5000,
      SHUTDOWN_TIMEOUT_MS: 10_000,
      KEEP_ALIVE_TIMEOUT_MS: 65_000,
      HEADERS_TIMEOUT_MS: 66_000,
      REQUEST_TIMEOUT_MS: 70_000,
      BODY_LIMIT_BYTES: 1_048_576,
      MAX_CONNECTIONS: 4096,
      METRICS_ENABLED: true,
      METRICS_PORT: 9464,
      LOG_QUERY_STRINGS: false,
      CORS_ORIGINS: '',
      MAX_EVENT_LOOP_DELAY_MS: 1000,
      MAX_HEAP_USED_MB: 0,
      RETRY_AFTER_S: 10,
      WEB_CONCURRENCY: 1,
      NODE_ENV: 'development',
      DATABASE_URL: '',
      CURSOR_SECRET: '',
      DATABASE_DIR: '.petsage/postgres',
      DATABASE_POOL_SIZE: 10,
      DATABASE_CONNECT_TIMEOUT_MS: 5000,
      DATABASE_STATEMENT_TIMEOUT_MS: 30_000,
      DATABASE_API_ROLE: '',
      IDEMPOTENCY_KEY_TTL_S: 86_400,
      AUTH_REQUIRED: true,
      AUTH_ISSUER: '',
      AUTH_AUDIENCE: 'petsage-api',
      AUTH_JWKS_URL: '',
      AUTH_CLOCK_TOLERANCE_S: 10,
      AUTH_JWKS_TIMEOUT_MS: 3000,
      AUTH_JWKS_COOLDOWN_MS: 30_000,
      AUTH_TOKEN_CACHE_TTL_MS: 60_000,
      AUTH_TOKEN_CACHE_MB: 16,
      AUTH_DEV_KEYS_DIR: '.petsage/dev-keys',
      TRUST_PROXY: '',
      RATE_LIMIT_WINDOW_S: 60,
      RATE_LIMIT_READ_MAX: 600,
      RATE_LIMIT_WRITE_MAX: 120,
      RATE_LIMIT_UNAUTHENTICATED_MAX: 60,
      REDIS_URL: '',
      OTEL_EXPORTER_OTLP_ENDPOINT: '',
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: '',
    });
  });

  it('reads and converts the values the environment sets, ignoring unrelated variables', () => {
    const settings = loadSettings({ PORT: '0', LOG_LEVEL: 'debug', API_V1_STR: '/api/v1', HOME: '/root' });
    expect(settings.PORT).toBe(0);
    expect(settings.LOG_LEVEL).toBe('debug');
    expect(settings.API_V1_STR).toBe('/api/v1');
    expect(settings).not.toHaveProperty('HOME');
  });

  it('reads booleans and origin lists', () => {
    expect(loadSettings({ METRICS_ENABLED: 'false' }).METRICS_ENABLED).toBe(false);
    const settings = loadSettings({ CORS_ORIGINS: 'https://app.example.com,http://localhost:3000' });
    expect(corsOrigins(settings)).toEqual(['https://app.example.com', 'http://localhost:3000']);
    expect(corsOrigins(loadSettings({}))).toEqual([]);
  });

  it.each(SETTING_REFUSALS)(
    'refuses %s=%j with one line naming the variable and what it accepts',
    (name, value, message) => {
      const error = refusal({ [name]: value });
      expect(error.setting).toBe(name);
      expect(error.message).toBe(message);
      expect(error.message).not.toContain('\n');
    },
  );

  it('has a refusal case for every setting', () => {
    expect(new Set(SETTING_REFUSALS.map(([name]) => name))).toEqual(new Set(settingNames));
  });

  it.each(CROSS_SETTING_REFUSALS)('refuses %s=%j, which disagrees with another timeout', (name, value, message) => {
    expect(refusal({ [name]: value }).message).toBe(message);
  });

  it('cuts a huge refused value short in the message', () => {
    const error = refusal({ PORT: '9'.repeat(10_000) });
    expect(error.message.length).toBeLessThan(200);
  });
});

describe('trustProxy', () => {
  it('trusts no proxy by default, a hop count, or the listed addresses and ranges', () => {
    expect(trustProxy(loadSettings({}))).toBe(false);
    const twoHops = trustProxy(loadSettings({ TRUST_PROXY: '2' })) as (address: string, hop: number) => boolean;
    expect([twoHops('10.0.0.1', 0), twoHops('10.0.0.1', 1), twoHops('10.0.0.1', 2)]).toEqual([true, true, false]);
    expect(trustProxy(loadSettings({ TRUST_PROXY: '10.0.0.0/8,::1' }))).toBe('10.0.0.0/8,::1');
  });
});

describe('apiPrefix', () => {
  it('derives version N from the version 1 prefix', () => {
    expect(apiPrefix({ API_V1_STR: '/v1' }, 1)).toBe('/v1');
    expect(apiPrefix({ API_V1_STR: '/v1' }, 2)).toBe('/v2');
    expect(apiPrefix({ API_V1_STR: '/api/v1' }, 12)).toBe('/api/v12');
  });
});

describe('checkDatabaseUrl', () => {
  const production = loadSettings({ NODE_ENV: 'production' });

  it('refuses production without DATABASE_URL when a registered feature uses the database, in one line', () => {
    expect(() => {
      checkDatabaseUrl(production, true);
    }).toThrow(
      new SettingsError(
        'DATABASE_URL',
        'Missing setting DATABASE_URL: NODE_ENV=production and a registered feature uses the database; expected a postgres:// or postgresql:// connection URL.',
      ),
    );
  });

  it('refuses several workers on the embedded development server, which serves one process', () => {
    expect(() => {
      checkDatabaseUrl(loadSettings({ WEB_CONCURRENCY: '2' }), true);
    }).toThrow(
      'Missing setting DATABASE_URL: WEB_CONCURRENCY=2 workers cannot share the embedded development PostgreSQL; expected a postgres:// or postgresql:// connection URL.',
    );
  });

  it.each([
    ['production with no database feature', production, false],
    ['production with DATABASE_URL', loadSettings({ NODE_ENV: 'production', DATABASE_URL: 'postgres://db/app' }), true],
    ['development, where the embedded server stands in', loadSettings({}), true],
  ])('accepts %s', (_name, settings, usesDatabase) => {
    expect(() => {
      checkDatabaseUrl(settings, usesDatabase);
    }).not.toThrow();
  });
});
