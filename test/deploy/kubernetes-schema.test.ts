/**
 * Every document in deploy/kubernetes/ is valid by the Kubernetes API's schemas (kubernetes-models, offline),
 * and kustomization.yaml applies every one of them.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import {
  KUSTOMIZATION,
  loadManifests,
  MANIFEST_DIR,
  manifestFiles,
  schemaErrors,
  type Manifest,
  type Unchecked,
} from '../helpers/kubernetes.js';

const documents = loadManifests();
const kustomization = parse(readFileSync(`${MANIFEST_DIR}/${KUSTOMIZATION}`, 'utf8')) as {
  kind: string;
  resources: string[];
};

const deployment = (spec: Record<string, unknown>): Manifest => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'x' },
  spec: {
    selector: { matchLabels: { app: 'x' } },
    template: { metadata: { labels: { app: 'x' } }, spec: { containers: [{ name: 'x', image: 'x' }] } },
    ...spec,
  },
});
const cnpgCluster = (spec: Record<string, unknown>): Manifest => ({
  apiVersion: 'postgresql.cnpg.io/v1',
  kind: 'Cluster',
  metadata: { name: 'db' },
  spec,
});

describe('Kubernetes manifests against the Kubernetes schemas', () => {
  it.each(documents.map(({ file, manifest }) => [`${file}: ${manifest.kind}`, manifest] as const))(
    '%s is valid',
    async (_, manifest) => {
      expect(await schemaErrors(manifest)).toEqual([]);
    },
  );

  it('kustomization.yaml lists every manifest in the folder, and nothing else', () => {
    expect(kustomization.kind).toBe('Kustomization');
    expect([...kustomization.resources].sort()).toEqual(manifestFiles());
  });
});

describe('the manifest validator', () => {
  it('accepts a minimal Deployment and refuses one whose field has the wrong type, naming the field', async () => {
    expect(await schemaErrors(deployment({}))).toEqual([]);
    const [error] = await schemaErrors(deployment({ replicas: 'two' }));
    expect(error).toMatch(/spec\/replicas must be integer/);
  });

  it('refuses a built-in kind missing what its schema requires', async () => {
    const [error] = await schemaErrors({ ...deployment({}), spec: { template: {} } });
    expect(error).toMatch(/selector/);
  });

  it('refuses a kind it has no schema for unless the allow-list names it', async () => {
    const widget = { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' }, spec: {} };
    expect((await schemaErrors(widget))[0]).toMatch(/example\.com\/v1 Widget has no Kubernetes schema/);
    expect((await schemaErrors({ ...widget, apiVersion: 'apps/v1' }))[0]).toMatch(/not in the allow-list/);
    expect((await schemaErrors({ ...widget, apiVersion: '../../x' }))[0]).toMatch(/not in the allow-list/);
  });

  it("checks CloudNativePG's Cluster, which it allows, for instances and storage", async () => {
    expect(await schemaErrors(cnpgCluster({ instances: 3, storage: { size: '10Gi' } }))).toEqual([]);
    expect(await schemaErrors(cnpgCluster({ instances: 0 }))).toEqual([
      'spec.instances must be an integer >= 1',
      'spec.storage.size must be set',
    ]);
  });

  it("validates the prometheus-operator's PodMonitor by its own schema, naming the wrong field", async () => {
    const podMonitor = (spec: Record<string, unknown>): Manifest => ({
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'PodMonitor',
      metadata: { name: 'm' },
      spec: { selector: {}, ...spec },
    });
    expect(await schemaErrors(podMonitor({ podMetricsEndpoints: [{ port: 'metrics' }] }))).toEqual([]);
    const [error] = await schemaErrors(podMonitor({ podMetricsEndpoints: [{ port: 9464 }] }));
    expect(error).toMatch(/podMetricsEndpoints\/0\/port must be string/);
  });

  it("checks CloudNativePG's ScheduledBackup and the Barman Cloud ObjectStore, which it allows", async () => {
    const backup = (spec: Record<string, unknown>): Manifest => ({
      apiVersion: 'postgresql.cnpg.io/v1',
      kind: 'ScheduledBackup',
      metadata: { name: 'b' },
      spec,
    });
    expect(await schemaErrors(backup({ schedule: '0 0 3 * * *', cluster: { name: 'db' }, method: 'plugin' }))).toEqual(
      [],
    );
    expect(await schemaErrors(backup({ schedule: '0 3 * * *', method: 'tape' }))).toEqual([
      'spec.schedule must be a cron expression of six fields, seconds first',
      'spec.cluster.name must be set',
      'spec.method must be barmanObjectStore, volumeSnapshot or plugin',
    ]);
    const store = (spec: Record<string, unknown>): Manifest => ({
      apiVersion: 'barmancloud.cnpg.io/v1',
      kind: 'ObjectStore',
      metadata: { name: 's' },
      spec,
    });
    expect(
      await schemaErrors(store({ configuration: { destinationPath: 's3://b/p' }, retentionPolicy: '30d' })),
    ).toEqual([]);
    expect(
      await schemaErrors(store({ configuration: { destinationPath: '/backups' }, retentionPolicy: '30' })),
    ).toEqual([
      'spec.configuration.destinationPath must be an s3://, gs:// or https:// URL',
      'spec.retentionPolicy must be a number of days, weeks or months (30d)',
    ]);
  });

  it('refuses a document without apiVersion, kind or name', async () => {
    expect(await schemaErrors({ kind: 'Service', metadata: { name: 's' } })).toHaveLength(1);
    expect(await schemaErrors({ apiVersion: 'v1', kind: 'Service', metadata: {} } as Unchecked)).toHaveLength(1);
  });
});
