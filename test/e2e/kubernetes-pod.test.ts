/**
 * The pod as the manifests define it: each container of the Deployment gets exactly the environment
 * kustomize and the kubelet would give it (the image's ENV, the generated ConfigMap, the literal values;
 * Secrets, never committed, as the names they reference, holding what CloudNativePG or the operator would
 * write), and runs the production build against a real PostgreSQL with the two roles production has.
 * Three values are changed, and only where the process listens: HOST, PORT and METRICS_PORT, to free
 * ports on 127.0.0.1, since this machine is shared.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRoleDatabase, type RoleDatabase } from '../helpers/database-roles.js';
import { dockerfileStages, envOf, argvOf } from '../helpers/dockerfile.js';
import { renderKustomization } from '../helpers/kustomize.js';
import { containerEnv, type Container } from '../helpers/pod-env.js';
import { listeningUrl, startServer, waitForExit } from '../helpers/process.js';
import { TEST_CURSOR_SECRET } from '../helpers/settings.js';

const { manifests, configMaps } = renderKustomization();
const deployment = manifests.find((m) => m.kind === 'Deployment' && m.metadata.name === 'petsage-backend');
const pod = (deployment?.spec.template as { spec: { containers: Container[]; initContainers: Container[] } }).spec;
const api = pod.containers.find((c) => c.name === 'api') as Container;
const migrate = pod.initContainers.find((c) => c.name === 'migrate') as Container;
const image = dockerfileStages().at(-1) ?? [];
const LISTEN_HERE = { HOST: '127.0.0.1', PORT: '0', METRICS_PORT: '0' };

let database: RoleDatabase;
let secrets: Record<string, Record<string, string>>;

/** The container's environment, with nothing of this test process's own but PATH (the image has one too). */
function envOfContainer(container: Container, overrides: Record<string, string> = {}): Record<string, string> {
  const env = containerEnv(container, { imageEnv: envOf(image), configMaps, secrets });
  return { PATH: process.env.PATH ?? '', ...env, ...overrides };
}

/** The container's command (or the image's), which must start node: run here with this machine's node. */
function entryOf(container: Container): string[] {
  const [program, ...args] = container.command ?? argvOf(image, 'CMD');
  expect(program).toBe('node');
  return args;
}

beforeAll(async () => {
  // The role the migrations grant, as the manifests name it (settings.env, the CloudNativePG managed role).
  const role = containerEnv(migrate, {
    imageEnv: {},
    configMaps,
    secrets: { 'petsage-db-app': { uri: '' } },
  }).DATABASE_API_ROLE;
  database = await createRoleDatabase(role);
  secrets = {
    // What CloudNativePG writes for the Cluster's owner, and what the operator creates for the API's role.
    'petsage-db-app': { uri: database.ownerUrl },
    'petsage-db-api': { uri: database.apiUrl, username: database.apiRole, password: database.apiPassword },
    'petsage-cursor': { secret: TEST_CURSOR_SECRET },
  };
});
afterAll(() => database.drop());

describe('the Deployment’s pod, with the environment the manifests give it', () => {
  it('runs the migrate init container to exit 0, leaving the tables and the API role’s grants', async () => {
    const { code, stderr, stdout } = await waitForExit(startServer(envOfContainer(migrate), entryOf(migrate)), 60_000);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toContain('database: row access granted');
    const client = new pg.Client({ connectionString: database.apiUrl });
    await client.connect();
    try {
      expect((await client.query('select count(*)::int as n from pets')).rows).toEqual([{ n: 0 }]);
    } finally {
      await client.end();
    }
  });

  it('starts the api container, ready at /readyz, connected to PostgreSQL as the API role', async () => {
    const child = startServer(envOfContainer(api, LISTEN_HERE), entryOf(api));
    const exited = waitForExit(child, 60_000);
    try {
      const url = await listeningUrl(child, 30_000);
      const ready = await fetch(`${url}/readyz`);
      expect(ready.status).toBe(200);
      expect((await fetch(`${url}/v1/smoke_test/`)).status).toBe(200);
      // A protected route: refused without a token (the issuer is the committed placeholder), not a 500.
      expect((await fetch(`${url}/v1/pets/`)).status).toBe(401);
      const client = new pg.Client({ connectionString: database.ownerUrl });
      await client.connect();
      try {
        const { rows } = await client.query<{ usename: string }>(
          "select distinct usename from pg_stat_activity where application_name = 'petsage' and datname = current_database()",
        );
        expect(rows).toEqual([{ usename: database.apiRole }]);
      } finally {
        await client.end();
      }
    } finally {
      child.kill('SIGTERM');
    }
    const { code, stderr } = await exited;
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });

  it('does not start without the ConfigMap, naming the setting it lacks (what the manifests used to give)', async () => {
    const withoutSettings = { ...api, envFrom: [] };
    const { code, stderr } = await waitForExit(
      startServer(envOfContainer(withoutSettings, LISTEN_HERE), entryOf(api)),
      30_000,
    );
    expect(code).toBe(1);
    expect(stderr).toMatch(/^Invalid setting AUTH_ISSUER=""/);
  });
});
