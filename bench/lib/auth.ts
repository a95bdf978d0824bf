/**
 * The cost of authentication: one process (bench/targets/auth-service.ts) serving the smoke test's
 * answer on a public route and on a protected one; the protected one is loaded with a bearer token from
 * the test issuer (a real JWKS on 127.0.0.1, fetched once and cached, as in production). Rounds are
 * interleaved like the main comparison; the ratio is authenticated req/s over unauthenticated.
 */
import { TestIssuer } from '../../test/helpers/auth.js';
import type { Mode } from './modes.js';
import { startListening } from './listening.js';
import { startTs, stop } from './processes.js';
import { compare, type Comparison } from './results.js';
import { interleaved } from './rounds.js';
import { SMOKE_PATH } from './startup.js';
import { serviceEnv, type Target } from './targets.js';

export const AUTH_BENCH_PATH = '/v1/bench_auth/';
export const AUTH_BENCH_SCOPE = 'bench:read';

export async function measureAuthentication(mode: Mode): Promise<Comparison> {
  const issuer = await TestIssuer.start();
  try {
    const { child, ports, startupMs } = await startListening(1, ([port]) =>
      startTs('bench/targets/auth-service.ts', [], {
        env: { ...serviceEnv(port ?? 0), ...issuer.settings() },
        stdio: ['ignore', 'ignore', 'pipe'],
      }),
    );
    const [port = 0] = ports;
    try {
      const token = await issuer.token({ scope: AUTH_BENCH_SCOPE, subject: 'bench', ttlS: 3600 });
      const base = { child, port, startupMs };
      const targets: Target[] = [
        { ...base, name: 'unauthenticated', url: `http://127.0.0.1:${port}${SMOKE_PATH}` },
        {
          ...base,
          name: 'authenticated',
          url: `http://127.0.0.1:${port}${AUTH_BENCH_PATH}`,
          request: { headers: { authorization: `Bearer ${token}` } },
        },
      ];
      return compare(await interleaved('auth', targets, mode.rounds, mode), 'authenticated');
    } finally {
      await stop(child);
    }
  } finally {
    await issuer.close();
  }
}
