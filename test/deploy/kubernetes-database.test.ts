/**
 * The manifests' database part: DATABASE_URL from Secrets (no secret value committed), migrations in an
 * init container that runs the build's migration command as the database's owner before a pod serves, the
 * API as a role of its own that the Cluster manages and the migrations grant, a PostgreSQL Cluster
 * (CloudNativePG) with connections for every pool, and its backups.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { loadSettings } from '../../src/config.js';
import { HEALTH_CONNECTIONS, HEALTH_TIMEOUT_MS } from '../../src/core/database/health.js';
import { renderKustomization } from '../helpers/kustomize.js';

interface EnvEntry {
  name: string;
  value?: string;
  valueFrom?: { secretKeyRef?: { name: string; key: string } };
}
interface Container {
  name: string;
  image: string;
  command?: string[];
  env: EnvEntry[];
  readinessProbe?: { timeoutSeconds: number };
  securityContext: Record<string, unknown>;
}
interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string };
  spec: Record<string, unknown>;
}

const DIR = 'deploy/kubernetes';
const read = (file: string): Manifest[] =>
  parseAllDocuments(readFileSync(`${DIR}/${file}`, 'utf8')).map((doc) => doc.toJS() as Manifest);
const [deployment] = read('deployment.yaml') as [Manifest];
const [cluster] = read('postgres.yaml') as [Manifest];
const [objectStore, scheduledBackup] = read('backups.yaml') as [Manifest, Manifest];
const settingsMap = renderKustomization().configMaps['petsage-backend-settings'] ?? {};
const [hpa] = read('hpa.yaml') as [Manifest];
const pod = (deployment.spec.template as { spec: { initContainers: Container[]; containers: Container[] } }).spec;
const api = pod.containers[0] as Container;
const migrate = pod.initContainers.find((container) => container.name === 'migrate') as Container;
const databaseUrl = (container: Container) => container.env.find((entry) => entry.name === 'DATABASE_URL');

describe('Kubernetes manifests: the database', () => {
  it('gives the migrations the owner’s Secret CloudNativePG writes, and the API its own, never a literal', () => {
    expect(databaseUrl(migrate)).toEqual({
      name: 'DATABASE_URL',
      valueFrom: { secretKeyRef: { name: `${cluster.metadata.name}-app`, key: 'uri' } },
    });
    expect(databaseUrl(api)).toEqual({
      name: 'DATABASE_URL',
      valueFrom: { secretKeyRef: { name: 'petsage-db-api', key: 'uri' } },
    });
    for (const file of readdirSync(DIR).filter((name) => /\.ya?ml$/.test(name))) {
      expect(read(file).some((manifest) => manifest.kind === 'Secret')).toBe(false);
      expect(readFileSync(`${DIR}/${file}`, 'utf8')).not.toMatch(/postgres(ql)?:\/\/[^\s'"]*:[^\s'"]*@/);
    }
  });

  it('migrates in an init container, with the same image as the API, before the pod serves', () => {
    expect(migrate.command).toEqual(['node', 'dist/migrate.js']);
    expect(migrate.image).toBe(api.image);
    expect(migrate.securityContext).toMatchObject({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false });
    // The command the init container runs is an entry point of the production build.
    expect(readFileSync('scripts/build.ts', 'utf8')).toMatch(/entryPoints: \[[^\]]*'src\/migrate\.ts'/);
  });

  it('manages the API’s role in the Cluster, as the one the migrations grant, with the password the API uses', () => {
    const roles = (cluster.spec.managed as { roles: Record<string, unknown>[] }).roles;
    const role = roles.find((candidate) => candidate.name === settingsMap.DATABASE_API_ROLE);
    expect(role).toMatchObject({
      ensure: 'present',
      login: true,
      superuser: false,
      createdb: false,
      createrole: false,
      replication: false,
      bypassrls: false,
      passwordSecret: { name: databaseUrl(api)?.valueFrom?.secretKeyRef?.name },
    });
  });

  it('backs the Cluster up: WAL to the object store, a nightly base backup, a retention', () => {
    const plugins = cluster.spec.plugins as { name: string; isWALArchiver?: boolean; parameters: object }[];
    const archiver = plugins.find((plugin) => plugin.isWALArchiver);
    expect(archiver).toEqual({
      name: 'barman-cloud.cloudnative-pg.io',
      isWALArchiver: true,
      parameters: { barmanObjectName: objectStore.metadata.name },
    });
    expect(objectStore.kind).toBe('ObjectStore');
    expect(objectStore.spec.retentionPolicy).toMatch(/^\d+[dwm]$/);
    expect(scheduledBackup.spec).toMatchObject({
      cluster: { name: cluster.metadata.name },
      method: 'plugin',
      pluginConfiguration: { name: archiver?.name },
    });
  });

  it('runs a CloudNativePG Cluster with a replica and storage', () => {
    expect(cluster.apiVersion).toBe('postgresql.cnpg.io/v1');
    expect(cluster.spec.instances).toBeGreaterThanOrEqual(2);
    expect((cluster.spec.storage as { size: string }).size).toMatch(/^\d+Gi$/);
  });

  it('lets PostgreSQL accept every pool at the autoscaler’s maximum plus a rollout’s surge pod', () => {
    const settings = loadSettings(
      Object.fromEntries(api.env.filter((entry) => entry.value !== undefined).map((e) => [e.name, e.value])),
    );
    const surge = (deployment.spec.strategy as { rollingUpdate: { maxSurge: number } }).rollingUpdate.maxSurge;
    const pods = (hpa.spec.maxReplicas as number) + surge;
    const connections = pods * settings.WEB_CONCURRENCY * (settings.DATABASE_POOL_SIZE + HEALTH_CONNECTIONS);
    const parameters = (cluster.spec.postgresql as { parameters: { max_connections: string } }).parameters;
    const superuserReserved = 3; // PostgreSQL's default superuser_reserved_connections
    expect(connections).toBeLessThanOrEqual(Number(parameters.max_connections) - superuserReserved);
  });

  it('gives the readiness probe time for the database check', () => {
    expect((api.readinessProbe?.timeoutSeconds ?? 1) * 1000).toBeGreaterThan(HEALTH_TIMEOUT_MS);
  });
});
