/**
 * The environment Kubernetes gives a container: the image's ENV, then every envFrom source in order, then
 * each env entry (a later name replaces an earlier one, as the kubelet does). ConfigMaps come from the
 * rendered manifests; Secrets, which are never committed, from the caller, by the names the manifests
 * reference. A reference to something missing is an error naming it, as the kubelet refuses to start such
 * a container (CreateContainerConfigError).
 */
import type { Data } from './kustomize.js';

interface KeyRef {
  name: string;
  key: string;
}
interface EnvEntry {
  name: string;
  value?: string;
  valueFrom?: { configMapKeyRef?: KeyRef; secretKeyRef?: KeyRef };
}
interface EnvFrom {
  prefix?: string;
  configMapRef?: { name: string };
  secretRef?: { name: string };
}
export interface Container {
  name: string;
  command?: string[];
  env?: EnvEntry[];
  envFrom?: EnvFrom[];
}

export interface EnvSources {
  readonly imageEnv: Data;
  readonly configMaps: Readonly<Record<string, Data>>;
  readonly secrets: Readonly<Record<string, Data>>;
}

export function containerEnv(container: Container, sources: EnvSources): Data {
  const where = `container ${container.name}`;
  const source = (kind: 'ConfigMap' | 'Secret', name: string): Data => {
    const found = (kind === 'ConfigMap' ? sources.configMaps : sources.secrets)[name];
    if (!found) throw new Error(`${where}: ${kind} ${name} does not exist`);
    return found;
  };
  const keyOf = (kind: 'ConfigMap' | 'Secret', { name, key }: KeyRef): string => {
    const value = source(kind, name)[key];
    if (value === undefined) throw new Error(`${where}: ${kind} ${name} has no key ${key}`);
    return value;
  };
  const env: Data = { ...sources.imageEnv };
  for (const from of container.envFrom ?? []) {
    if (from.prefix !== undefined) throw new Error(`${where}: envFrom prefix not rendered`);
    if (from.configMapRef) Object.assign(env, source('ConfigMap', from.configMapRef.name));
    else if (from.secretRef) Object.assign(env, source('Secret', from.secretRef.name));
    else throw new Error(`${where}: envFrom names neither a ConfigMap nor a Secret`);
  }
  for (const entry of container.env ?? []) {
    const { configMapKeyRef, secretKeyRef } = entry.valueFrom ?? {};
    if (entry.value !== undefined) {
      // The kubelet expands $(NAME) in values; nothing here does, so a value using it is refused.
      if (entry.value.includes('$(')) throw new Error(`${where}: ${entry.name} uses $() expansion, not rendered`);
      env[entry.name] = entry.value;
    } else if (configMapKeyRef) env[entry.name] = keyOf('ConfigMap', configMapKeyRef);
    else if (secretKeyRef) env[entry.name] = keyOf('Secret', secretKeyRef);
    else throw new Error(`${where}: ${entry.name} has no value this renders`);
  }
  return env;
}
