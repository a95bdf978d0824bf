/** The Kubernetes manifests agree with the app: probe paths and ports it serves, grace periods that fit. */
import { readdirSync, readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { parseAllDocuments } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { loadSettings } from '../../src/config.js';
import { testSettings } from '../helpers/settings.js';

interface Probe {
  httpGet: { path: string; port: string | number };
}
interface Container {
  ports: { name: string; containerPort: number }[];
  env: { name: string; value: string }[];
  livenessProbe: Probe;
  readinessProbe: Probe;
  startupProbe: Probe;
  resources: { requests: Record<string, string>; limits: Record<string, string> };
  securityContext: Record<string, unknown>;
  lifecycle?: { preStop?: { sleep?: { seconds: number } } };
}
interface Manifest {
  kind: string;
  spec: Record<string, unknown>;
}

const DIR = 'deploy/kubernetes';
const manifests = readdirSync(DIR)
  .filter((file) => file.endsWith('.yaml'))
  .flatMap((file) => parseAllDocuments(readFileSync(`${DIR}/${file}`, 'utf8')).map((doc) => doc.toJS() as Manifest));
const byKind = (kind: string): Manifest => {
  const found = manifests.find((manifest) => manifest.kind === kind);
  if (!found) throw new Error(`no ${kind} manifest`);
  return found;
};
const deployment = byKind('Deployment').spec as {
  replicas: number;
  template: {
    spec: { terminationGracePeriodSeconds: number; securityContext: Record<string, unknown>; containers: Container[] };
  };
};
const pod = deployment.template.spec;
const container = pod.containers[0] as Container;
// Literal values only: DATABASE_URL comes from a Secret (kubernetes-database.test.ts checks that part).
const env = Object.fromEntries(
  container.env.filter((entry) => 'value' in entry).map(({ name, value }) => [name, value]),
);
const settings = loadSettings(env);

let app: FastifyInstance;
beforeAll(() => {
  app = createApp(testSettings(env));
});
afterAll(() => app.close());

describe('Kubernetes manifests', () => {
  it('has a Deployment, Service, HorizontalPodAutoscaler (autoscaling/v2), PodDisruptionBudget and PostgreSQL Cluster', () => {
    expect(manifests.map((manifest) => manifest.kind).sort()).toEqual(
      ['Cluster', 'Deployment', 'HorizontalPodAutoscaler', 'PodDisruptionBudget', 'Service'].sort(),
    );
    const hpa = manifests.find((m) => m.kind === 'HorizontalPodAutoscaler') as unknown as { apiVersion: string };
    expect(hpa.apiVersion).toBe('autoscaling/v2');
  });

  it('sets env values that the settings schema accepts, listening on all interfaces at the container port', () => {
    expect(settings.HOST).toBe('0.0.0.0');
    expect(container.ports.map((port) => port.containerPort)).toEqual([settings.PORT]);
  });

  it.each(['livenessProbe', 'readinessProbe', 'startupProbe'] as const)(
    '%s requests a path the app answers 200 on, at a port the container declares',
    async (name) => {
      const { path, port } = container[name].httpGet;
      const declared = container.ports.find((p) => p.name === port || p.containerPort === port);
      expect(declared?.containerPort).toBe(settings.PORT);
      const response = await app.inject(path);
      expect(response.statusCode).toBe(200);
    },
  );

  it('probes liveness at /livez and readiness at /readyz', () => {
    expect(container.livenessProbe.httpGet.path).toBe('/livez');
    expect(container.startupProbe.httpGet.path).toBe('/livez');
    expect(container.readinessProbe.httpGet.path).toBe('/readyz');
  });

  it('gives the pod more grace than the whole shutdown (drain delay + timeout, plus any preStop sleep)', () => {
    const preStop = container.lifecycle?.preStop?.sleep?.seconds ?? 0;
    const shutdownSeconds = (settings.SHUTDOWN_DELAY_MS + settings.SHUTDOWN_TIMEOUT_MS) / 1000 + preStop;
    expect(pod.terminationGracePeriodSeconds).toBeGreaterThan(shutdownSeconds);
    expect(settings.SHUTDOWN_DELAY_MS).toBeGreaterThanOrEqual(readinessReactionMs());
  });

  it('runs several replicas with resource requests and limits, kept at two or more by the HPA and PDB', () => {
    expect(deployment.replicas).toBeGreaterThanOrEqual(2);
    expect(Object.keys(container.resources.requests).sort()).toEqual(['cpu', 'memory']);
    expect(Object.keys(container.resources.limits).sort()).toEqual(['cpu', 'memory']);
    expect(byKind('HorizontalPodAutoscaler').spec.minReplicas).toBeGreaterThanOrEqual(2);
    expect(byKind('PodDisruptionBudget').spec.minAvailable).toBe(1);
  });

  it('has a restrictive security context', () => {
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
    expect(container.securityContext).toMatchObject({
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
    });
  });

  it('routes the Service to the container port by name', () => {
    const service = byKind('Service').spec as { ports: { targetPort: string }[] };
    expect(service.ports.map((port) => port.targetPort)).toEqual(container.ports.map((port) => port.name));
  });
});

/** How long, at most, the readiness probe takes to notice a 503: the drain delay must cover it. */
function readinessReactionMs(): number {
  const probe = container.readinessProbe as Probe & { periodSeconds: number; failureThreshold: number };
  return probe.periodSeconds * probe.failureThreshold * 1000;
}
