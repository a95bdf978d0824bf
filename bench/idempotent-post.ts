/**
 * `npx tsx bench/idempotent-post.ts [--rounds N] [--seconds S]`: what an Idempotency-Key costs a
 * `POST /v1/pets/` (docs/builder.md#idempotent-post). The production build against the benchmark's
 * PostgreSQL, loaded by wrk (bench/lib/load.ts) in interleaved rounds: unkeyed POSTs, POSTs each with a new
 * key (one transaction: lock and read, insert, keep the answer), and retries of one key (replays). Prints
 * the medians and the keyed/unkeyed ratios as Markdown. A script of its own, run by hand: it is a cost to
 * report beside a change to idempotency, not a figure every benchmark run needs.
 */
import { existsSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { TestIssuer } from '../test/helpers/auth.js';
import { startBenchDatabase } from './lib/database.js';
import { load } from './lib/load.js';
import { stop, stopAllOnSignal } from './lib/processes.js';
import { median, ratios, round } from './lib/stats.js';
import { startService, useDatabase } from './lib/targets.js';

const { values } = parseArgs({
  options: { rounds: { type: 'string', default: '4' }, seconds: { type: 'string', default: '4' } },
});
const ROUNDS = Number(values.rounds);
const SECONDS = Number(values.seconds);
const CONNECTIONS = 20;
const REPLAY_KEY = randomUUID();
const BODY = JSON.stringify({ name: 'Rex', species: 'dog', notes: 'Benchmark pet' });

type Scenario = 'unkeyed' | 'keyed' | 'replayed';
const SCENARIOS: readonly Scenario[] = ['unkeyed', 'keyed', 'replayed'];

interface Round {
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
}

async function loadRound(port: number, token: string, scenario: Scenario, seconds: number): Promise<Round> {
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
  const result = await load(`http://127.0.0.1:${port}/v1/pets/`, seconds, CONNECTIONS, {
    method: 'POST',
    body: BODY,
    headers: scenario === 'replayed' ? { ...headers, 'idempotency-key': REPLAY_KEY } : headers,
    freshIdempotencyKeys: scenario === 'keyed',
  });
  return { rps: result.rps, p50: result.p50, p99: result.p99, non2xx: result.non2xx };
}

async function main(): Promise<void> {
  if (!existsSync('dist/server.js')) throw new Error('dist/ missing: npm run build first');
  stopAllOnSignal();
  const database = await startBenchDatabase(process.cwd());
  useDatabase(database.url);
  const issuer = await TestIssuer.start();
  const service = await startService({ cwd: process.cwd(), env: issuer.settings() });
  try {
    const token = await issuer.token({ scope: 'pets:read pets:write', subject: 'bench', ttlS: 3600 });
    const rounds = Object.fromEntries(SCENARIOS.map((scenario) => [scenario, [] as Round[]])) as Record<
      Scenario,
      Round[]
    >;
    for (const scenario of SCENARIOS) await loadRound(service.port, token, scenario, 1); // warm-up
    for (let i = 0; i < ROUNDS; i++) {
      for (const scenario of SCENARIOS) rounds[scenario].push(await loadRound(service.port, token, scenario, SECONDS));
    }
    const of = (scenario: Scenario, key: keyof Round) => rounds[scenario].map((r) => r[key]);
    const lines = [
      `${ROUNDS} interleaved rounds of ${SECONDS} s, ${CONNECTIONS} connections, POST /v1/pets/ (medians):`,
      '',
      '| scenario | requests/s | p50 ms | p99 ms | non-2xx | requests/s against unkeyed |',
      '| --- | --: | --: | --: | --: | --: |',
      ...SCENARIOS.map((scenario) =>
        [
          scenario,
          round(median(of(scenario, 'rps')), 0),
          median(of(scenario, 'p50')),
          median(of(scenario, 'p99')),
          of(scenario, 'non2xx').reduce((a, b) => a + b, 0),
          round(median(ratios(of(scenario, 'rps'), of('unkeyed', 'rps'))), 2),
        ].join(' | '),
      ).map((row) => `| ${row} |`),
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    await stop(service.child);
    await issuer.close();
    await database.stop();
  }
}

await main();
