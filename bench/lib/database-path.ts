/**
 * The database path: `POST /v1/pets/`, `GET /v1/pets/{id}` and a 20-record page on the production build
 * against the run's PostgreSQL, each in interleaved rounds with the bare node:http + pg baseline
 * (baselines/bare-pg.ts: same driver, same pool size). The writes come first and fill the table the
 * reads then read from. The service authenticates every request as production does (a bearer token from
 * the test issuer, a real JWKS on 127.0.0.1); the baseline ignores the header. The owner check's cost is
 * measured apart, on the service alone: the same record read by its owner (the statement carries the owner
 * predicate) and by an admin of the same subject (`pets:admin`: no predicate, the owner shown).
 */
import { TestIssuer } from '../../test/helpers/auth.js';
import { progress } from './progress.js';
import { stop } from './processes.js';
import { compare, type Comparison } from './results.js';
import { interleaved } from './rounds.js';
import type { Mode } from './modes.js';
import { startBaseline, startService, type Target } from './targets.js';

export interface DatabasePath {
  write: Comparison;
  read: Comparison;
  page: Comparison;
  /** The same read as the record's owner (`owner`, with the predicate) and as an admin (`admin`, without); absent from runs before it was measured. */
  owner?: Comparison;
}

const COLLECTION = '/v1/pets/';
const CREATE = {
  method: 'POST' as const,
  body: JSON.stringify({ name: 'Rex', species: 'dog', notes: 'Benchmark pet' }),
  headers: { 'content-type': 'application/json' },
};

const at = (target: Target, path: string, request?: Target['request']): Target => ({
  ...target,
  url: `http://127.0.0.1:${target.port}${path}`,
  ...(request ? { request } : {}),
});

/** The id of the first record of the service's first page. */
async function firstId(service: Target, headers: Record<string, string>): Promise<string> {
  const response = await fetch(`http://127.0.0.1:${service.port}${COLLECTION}?limit=1`, { headers });
  const page = (await response.json()) as { items?: { id: string }[] };
  const id = page.items?.[0]?.id;
  if (response.status !== 200 || id === undefined) throw new Error(`no pet to read (${response.status})`);
  return id;
}

export async function measureDatabasePath(root: string, mode: Mode): Promise<DatabasePath> {
  progress('database', 'starting the service and the node:http + pg baseline');
  const issuer = await TestIssuer.start();
  const bare = await startBaseline('bare-pg');
  const service = await startService({ cwd: root, env: issuer.settings() });
  try {
    const token = await issuer.token({ scope: 'pets:read pets:write', subject: 'bench', ttlS: 3600 });
    const auth = { authorization: `Bearer ${token}` };
    const targets = [bare, service];
    const write = await interleaved(
      'db write',
      targets.map((target) => at(target, COLLECTION, { ...CREATE, headers: { ...CREATE.headers, ...auth } })),
      mode.rounds,
      mode,
    );
    const id = await firstId(service, auth);
    const read = await interleaved(
      'db read',
      targets.map((target) => at(target, `${COLLECTION}${id}`, { headers: auth })),
      mode.rounds,
      mode,
    );
    const page = await interleaved(
      'db page',
      targets.map((target) => at(target, `${COLLECTION}?limit=20`, { headers: auth })),
      mode.rounds,
      mode,
    );
    const adminToken = await issuer.token({ scope: 'pets:read pets:admin', subject: 'bench', ttlS: 3600 });
    const owner = await interleaved(
      'db owner check',
      [
        { ...at(service, `${COLLECTION}${id}`, { headers: auth }), name: 'owner' as const },
        {
          ...at(service, `${COLLECTION}${id}`, { headers: { authorization: `Bearer ${adminToken}` } }),
          name: 'admin' as const,
        },
      ],
      mode.rounds,
      mode,
    );
    return {
      write: compare(write, 'service'),
      read: compare(read, 'service'),
      page: compare(page, 'service'),
      owner: compare(owner, 'owner'),
    };
  } finally {
    await stop(bare.child);
    await stop(service.child);
    await issuer.close();
  }
}
