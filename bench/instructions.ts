/**
 * `npm run bench:instructions -- [--path read|page|smoke] [--warm <n>] [--requests <n>]`: instructions per
 * request (bench/lib/instructions.ts) of the service as deployed and of its baseline on one path, and their
 * ratio. `read` is `GET /v1/pets/{id}` and `page` is `GET /v1/pets/?limit=20`, both with a bearer token
 * against node:http + pg with a named prepared statement (the records created first through the service);
 * `smoke` is `GET /v1/smoke_test/` against bare node:http. A figure that repeats between runs, for telling
 * whether a change of a few per cent is real; `npm run bench` remains the measure of speed. Needs Valgrind
 * (Debian's `valgrind`).
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { TestIssuer } from '../test/helpers/auth.js';
import { builtBaseline } from './lib/baselines.js';
import { startBenchDatabase } from './lib/database.js';
import { countInstructions, type CountTarget } from './lib/instructions.js';
import { stop, stopAllOnSignal } from './lib/processes.js';
import { SMOKE_PATH } from './lib/startup.js';
import { serviceEnv, startService, useDatabase } from './lib/targets.js';

const USAGE =
  'usage: npm run bench:instructions -- [--path read|page|smoke] [--warm <requests>] [--requests <requests>]';
const PATHS = ['read', 'page', 'smoke'] as const;
/** The page's size; one record more is created, so that the page has a next one and signs its cursor, as most pages do. */
const PAGE_SIZE = 20;

function refuse(message: string): never {
  process.stderr.write(`bench:instructions: ${message}\n${USAGE}\n`);
  process.exit(2);
}

function count(name: string, text: string): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(value) || value < 1) {
    refuse(`--${name} takes a whole number of requests, at least 1 (got "${text}")`);
  }
  return value;
}

function parsed() {
  try {
    return parseArgs({
      options: {
        path: { type: 'string', default: 'read' },
        warm: { type: 'string', default: '20000' },
        requests: { type: 'string', default: '10000' },
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (error) {
    return refuse(error instanceof Error ? error.message : String(error));
  }
}

function settings(): { path: (typeof PATHS)[number]; warm: number; requests: number } {
  const values = parsed();
  const path = PATHS.find((known) => known === values.path);
  if (path === undefined) refuse(`--path is read, page or smoke (got "${values.path}")`);
  return { path, warm: count('warm', values.warm), requests: count('requests', values.requests) };
}

const { path, warm, requests } = settings();
const root = process.cwd();
stopAllOnSignal();
if (!existsSync('dist/server.js')) execFileSync('npm', ['run', 'build', '--silent'], { stdio: 'inherit' });

const database = await startBenchDatabase(root);
useDatabase(database.url);
const issuer = await TestIssuer.start();
try {
  const token = await issuer.token({ scope: 'pets:read pets:write', subject: 'bench', ttlS: 3600 });
  const headers = { authorization: `Bearer ${token}` };
  let url = SMOKE_PATH;
  if (path !== 'smoke') {
    // The records both servers read, created through the service as a client would.
    const service = await startService({ cwd: root, env: issuer.settings() });
    try {
      const ids = [];
      for (let index = 0; index < (path === 'read' ? 1 : PAGE_SIZE + 1); index += 1) {
        const created = await fetch(`http://127.0.0.1:${service.port}/v1/pets/`, {
          method: 'POST',
          headers: { ...headers, 'content-type': 'application/json' },
          body: JSON.stringify({ name: `Rex ${index}`, species: 'dog', notes: 'Benchmark pet' }),
        });
        if (created.status !== 201) throw new Error(`creating a pet to read answered ${String(created.status)}`);
        ids.push(((await created.json()) as { id: string }).id);
      }
      url = path === 'read' ? `/v1/pets/${ids[0] ?? ''}` : `/v1/pets/?limit=${PAGE_SIZE}`;
    } finally {
      await stop(service.child);
    }
  }
  // Two connections for ten requests at a time: both stay busy, so none idles past pg's idle timeout and is
  // opened again (a SCRAM handshake, millions of instructions) in the counted window, whose wall time under
  // Valgrind is twenty times production's: connections churning by the clock would make the count vary.
  const pool = { DATABASE_POOL_SIZE: '2' };
  // Shedding registered but unable to trip, and a long wait for a connection: docs/benchmarks.md says why.
  const slowness = {
    MAX_EVENT_LOOP_DELAY_MS: '0',
    MAX_HEAP_USED_MB: '1048576',
    DATABASE_CONNECT_TIMEOUT_MS: '120000',
  };
  const targets: CountTarget[] = [
    {
      name: path === 'smoke' ? 'bare node:http (the limit)' : 'node:http + pg (the limit)',
      script: await builtBaseline(path === 'smoke' ? 'bench/baselines/bare-node.ts' : 'bench/baselines/bare-pg.ts'),
      cwd: root,
      env: (port) => ({ ...serviceEnv(port), ...pool, NODE_ENV: 'production' }),
    },
    {
      name: 'PetSage service (dist/server.js)',
      script: 'dist/server.js',
      cwd: root,
      env: (port, metricsPort) => ({
        ...serviceEnv(port, { metricsPort }),
        ...pool,
        ...slowness,
        ...issuer.settings(),
      }),
    },
  ];
  const counts = [];
  for (const target of targets) counts.push(await countInstructions(target, { path: url, headers, warm, requests }));
  const [limit, service] = counts as [(typeof counts)[number], (typeof counts)[number]];
  const route = { read: 'GET /v1/pets/{id}', page: `GET /v1/pets/?limit=${PAGE_SIZE}`, smoke: `GET ${SMOKE_PATH}` }[
    path
  ];
  console.log(`Instructions per request (callgrind), ${route}: ${requests} requests counted after ${warm}`);
  for (const { name, perRequest } of counts) console.log(`  ${name.padEnd(34)} ${(perRequest / 1000).toFixed(1)} k`);
  console.log(`  service ÷ the limit: ${(service.perRequest / limit.perRequest).toFixed(2)}`);
} finally {
  await issuer.close();
  await database.stop();
}
