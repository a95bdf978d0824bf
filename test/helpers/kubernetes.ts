/**
 * Reads deploy/kubernetes/ the way its tests need it, and validates each document against the Kubernetes
 * API's own schemas (the kubernetes-models package ships them, compiled, for every built-in kind).
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
  'postgresql.cnpg.io/v1 Cluster': ({ spec }) => {
    const errors: string[] = [];
    const instances = spec?.instances;
    if (!Number.isInteger(instances) || (instances as number) < 1)
      errors.push('spec.instances must be an integer >= 1');
    const storage = spec?.storage as { size?: unknown } | undefined;
    if (typeof storage?.size !== 'string' || storage.size === '') errors.push('spec.storage.size must be set');
    return errors;
  },
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
    // The path is built from apiVersion, checked against API_VERSION first; vite cannot resolve it ahead.
    return (await import(/* @vite-ignore */ `kubernetes-models/${apiVersion}`)) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}
