/**
 * Reads deploy/kubernetes/ the way its tests need it, and validates each document against the Kubernetes
 * API's own schemas (the kubernetes-models package ships them, compiled, for every built-in kind; its
 * @kubernetes-models/* siblings for the custom resources of some operators).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';

export const MANIFEST_DIR = 'deploy/kubernetes';
/** kustomize's own file: it lists the manifests and pins the image; it is not a Kubernetes object. */
export const KUSTOMIZATION = 'kustomization.yaml';

export interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string> };
  spec: Record<string, unknown>;
}

/** Every YAML file of the folder except kustomize's, so a manifest someone adds is checked too. */
export function manifestFiles(dir = MANIFEST_DIR): string[] {
  return readdirSync(dir)
    .filter((file) => /\.ya?ml$/.test(file) && file !== KUSTOMIZATION)
    .sort();
}

export function loadManifests(dir = MANIFEST_DIR): { file: string; manifest: Manifest }[] {
  return manifestFiles(dir).flatMap((file) =>
    parseAllDocuments(readFileSync(`${dir}/${file}`, 'utf8')).map((doc) => {
      if (doc.errors.length > 0) throw new Error(`${file}: ${doc.errors[0]?.message}`);
      return { file, manifest: doc.toJS() as Manifest };
    }),
  );
}

/** A document as read, before anything about it is checked. */
export type Unchecked = Partial<Manifest>;

type StructuralCheck = (manifest: Unchecked) => string[];

/**
 * Kinds that kubernetes-models has no schema for, each with the minimal structure it must have. Anything
 * else it cannot validate is refused, so a new kind is added here on purpose, never skipped silently.
 */
export const STRUCTURAL_CHECKS: Record<string, StructuralCheck> = {
  // CloudNativePG's PostgreSQL cluster: instances and storage size are what its admission webhook requires.
  // No package ships CloudNativePG's schemas, nor its Barman Cloud plugin's.
  'postgresql.cnpg.io/v1 Cluster': ({ spec }) => {
    const errors: string[] = [];
    const instances = spec?.instances;
    if (!Number.isInteger(instances) || (instances as number) < 1)
      errors.push('spec.instances must be an integer >= 1');
    const storage = spec?.storage as { size?: unknown } | undefined;
    if (typeof storage?.size !== 'string' || storage.size === '') errors.push('spec.storage.size must be set');
    return errors;
  },
  // Its scheduled base backup: a six-field schedule (seconds first), a cluster, and a method it knows.
  'postgresql.cnpg.io/v1 ScheduledBackup': ({ spec }) => {
    const errors: string[] = [];
    if (typeof spec?.schedule !== 'string' || spec.schedule.trim().split(/\s+/).length !== 6)
      errors.push('spec.schedule must be a cron expression of six fields, seconds first');
    if (typeof (spec?.cluster as { name?: unknown } | undefined)?.name !== 'string')
      errors.push('spec.cluster.name must be set');
    const method = spec?.method ?? 'barmanObjectStore';
    if (typeof method !== 'string' || !['barmanObjectStore', 'volumeSnapshot', 'plugin'].includes(method))
      errors.push('spec.method must be barmanObjectStore, volumeSnapshot or plugin');
    return errors;
  },
  // The Barman Cloud plugin's object store: a destination, and a retention in days, weeks or months.
  'barmancloud.cnpg.io/v1 ObjectStore': ({ spec }) => {
    const errors: string[] = [];
    const destination = (spec?.configuration as { destinationPath?: unknown } | undefined)?.destinationPath;
    if (typeof destination !== 'string' || !/^(s3|gs):\/\/[^/\s]+|^https:\/\/\S+/.test(destination))
      errors.push('spec.configuration.destinationPath must be an s3://, gs:// or https:// URL');
    const retention = spec?.retentionPolicy;
    if (retention !== undefined && (typeof retention !== 'string' || !/^[1-9][0-9]*[dwm]$/.test(retention)))
      errors.push('spec.retentionPolicy must be a number of days, weeks or months (30d)');
    return errors;
  },
};

/** Packages with the schemas of an API group that kubernetes-models lacks (one operator's custom resources). */
const MODEL_PACKAGES: Record<string, string> = {
  'monitoring.coreos.com': '@kubernetes-models/prometheus-operator',
};

const API_VERSION = /^([a-z0-9-]+(\.[a-z0-9-]+)*\/)?v\d+((alpha|beta)\d+)?$/;

/** What is wrong with one document by the Kubernetes schemas; empty when it is valid. */
export async function schemaErrors(manifest: Unchecked): Promise<string[]> {
  const { apiVersion, kind } = manifest;
  if (typeof apiVersion !== 'string' || typeof kind !== 'string') return ['apiVersion and kind must be strings'];
  if (typeof manifest.metadata?.name !== 'string') return ['metadata.name must be set'];
  const structural = STRUCTURAL_CHECKS[`${apiVersion} ${kind}`];
  if (structural) return structural(manifest);
  const models = API_VERSION.test(apiVersion) ? await modelsOf(apiVersion) : undefined;
  const Model = models?.[kind];
  if (typeof Model !== 'function') {
    return [`${apiVersion} ${kind} has no Kubernetes schema here and is not in the allow-list (STRUCTURAL_CHECKS)`];
  }
  try {
    new (Model as new (data: unknown) => { validate(): void })(manifest).validate();
    return [];
  } catch (error) {
    return [(error as Error).message];
  }
}

async function modelsOf(apiVersion: string): Promise<Record<string, unknown> | undefined> {
  try {
    const group = apiVersion.includes('/') ? (apiVersion.split('/')[0] ?? '') : '';
    const models = MODEL_PACKAGES[group] ?? 'kubernetes-models';
    // The path is built from apiVersion, checked against API_VERSION first; vite cannot resolve it ahead.
    return (await import(/* @vite-ignore */ `${models}/${apiVersion}`)) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}
