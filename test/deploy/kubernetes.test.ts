/**
 * The Kubernetes manifests agree with the app (probe paths and ports it serves, grace periods that fit) and
 * with how the cluster runs it: the HPA owns the replica count, the image is the one the build pushed,
 * replicas spread over nodes and zones, and every object carries the recommended labels.
 */
import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { loadSettings } from '../../src/config.js';
import { KUSTOMIZATION, loadManifests, MANIFEST_DIR, type Manifest } from '../helpers/kubernetes.js';
import { testSettings } from '../helpers/settings.js';

interface Probe {
  httpGet: { path: string; port: string | number };
}
interface Container {
  image: string;
  imagePullPolicy?: string;
  ports: { name: string; containerPort: number }[];
  env: { name: string; value: string }[];
  livenessProbe: Probe;
  readinessProbe: Probe;
  startupProbe: Probe;
  resources: { requests: Record<string, string>; limits: Record<string, string> };
  securityContext: Record<string, unknown>;
  lifecycle?: { preStop?: { sleep?: { seconds: number } } };
}
interface PodTemplate {
  metadata: { labels: Record<string, string> };
  spec: { containers: Container[]; initContainers?: Container[] };
}

const manifests = loadManifests().map(({ manifest }) => manifest);
const kustomization = parse(readFileSync(`${MANIFEST_DIR}/${KUSTOMIZATION}`, 'utf8')) as {
  images: { name: string; newName?: string; newTag?: string; digest?: string }[];
};
/** The API's object of a kind (Redis has a Deployment and a Service of its own). */
const byKind = (kind: string): Manifest => {
  const found = manifests.find((manifest) => manifest.kind === kind && manifest.metadata.name === 'petsage-backend');
  if (!found) throw new Error(`no ${kind} manifest`);
  return found;
};
const deployment = byKind('Deployment').spec as {
  replicas?: number;
  selector: { matchLabels: Record<string, string> };
  template: {
    metadata: { labels: Record<string, string> };
    spec: {
      terminationGracePeriodSeconds: number;
      securityContext: Record<string, unknown>;
      containers: Container[];
      topologySpreadConstraints: {
        topologyKey: string;
        maxSkew: number;
        labelSelector: { matchLabels: Record<string, string> };
        matchLabelKeys?: string[];
      }[];
    };
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
    const kinds = manifests.map((manifest) => manifest.kind);
    for (const kind of ['Cluster', 'Deployment', 'HorizontalPodAutoscaler', 'PodDisruptionBudget', 'Service']) {
      expect(kinds).toContain(kind);
    }
    const hpa = manifests.find((m) => m.kind === 'HorizontalPodAutoscaler') as unknown as { apiVersion: string };
    expect(hpa.apiVersion).toBe('autoscaling/v2');
  });

  it('sets env values that the settings schema accepts, listening on all interfaces at the container ports', () => {
    expect(settings.HOST).toBe('0.0.0.0');
    expect(container.ports.map(({ name, containerPort }) => [name, containerPort])).toEqual([
      ['http', settings.PORT],
      ['metrics', settings.METRICS_PORT],
    ]);
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

  it('leaves the replica count to the HPA (two or more), which scales this Deployment', () => {
    expect(deployment).not.toHaveProperty('replicas');
    const hpa = byKind('HorizontalPodAutoscaler').spec as { minReplicas: number; scaleTargetRef: { name: string } };
    expect(hpa.minReplicas).toBeGreaterThanOrEqual(2);
    expect(hpa.scaleTargetRef.name).toBe(byKind('Deployment').metadata.name);
    expect(Object.keys(container.resources.requests).sort()).toEqual(['cpu', 'memory']);
    expect(Object.keys(container.resources.limits).sort()).toEqual(['cpu', 'memory']);
  });

  it('lets one pod at a time be disrupted, whatever the replica count (maxUnavailable, not minAvailable)', () => {
    const pdb = byKind('PodDisruptionBudget').spec as { maxUnavailable?: number; selector: unknown };
    expect(pdb).not.toHaveProperty('minAvailable');
    expect(pdb.maxUnavailable).toBe(1);
    expect(pdb.selector).toEqual(deployment.selector);
  });

  it('spreads replicas across nodes and zones, counting the pods the Deployment selects', () => {
    const constraints = pod.topologySpreadConstraints;
    expect(constraints.map((c) => c.topologyKey).sort()).toEqual(
      ['kubernetes.io/hostname', 'topology.kubernetes.io/zone'].sort(),
    );
    for (const constraint of constraints) {
      expect(constraint.maxSkew).toBe(1);
      expect(constraint.labelSelector.matchLabels).toEqual(deployment.selector.matchLabels);
      expect(constraint.matchLabelKeys).toEqual(['pod-template-hash']);
    }
  });

  it('runs only pinned images: a name kustomization.yaml sets (the pipeline gives it the pushed digest) or a digest', () => {
    const kustomized = new Set(kustomization.images.map((image) => image.name));
    const containers = podTemplates().flatMap((template) => [
      ...template.spec.containers,
      ...(template.spec.initContainers ?? []),
    ]);
    expect(containers.length).toBeGreaterThan(0);
    for (const { image } of containers) {
      if (!kustomized.has(image)) expect(image).toMatch(/@sha256:[0-9a-f]{64}$/);
    }
    expect(container.image).not.toMatch(/:latest$/);
    expect(kustomized).toContain(container.image);
    // Committed without a tag or digest, so only the substitution names an image that exists.
    for (const image of kustomization.images) expect(image).toEqual({ name: image.name });
  });

  it('labels every object and pod template with the recommended app.kubernetes.io labels', () => {
    const labelSets = [
      ...manifests.map((manifest) => [`${manifest.kind} ${manifest.metadata.name}`, manifest.metadata.labels] as const),
      ...podTemplates().map((template) => ['pod template', template.metadata.labels] as const),
    ];
    for (const [where, labels] of labelSets) {
      for (const key of ['name', 'instance', 'component', 'part-of', 'managed-by']) {
        expect(labels?.[`app.kubernetes.io/${key}`], `${where}: app.kubernetes.io/${key}`).toMatch(
          /^[a-z0-9][a-z0-9.-]*$/,
        );
      }
      expect(labels?.['app.kubernetes.io/part-of'], where).toBe('petsage');
      expect(labels?.['app.kubernetes.io/managed-by'], where).toBe('kustomize');
    }
    // The selector (immutable once applied) is a subset of the pod labels.
    expect(deployment.template.metadata.labels).toMatchObject(deployment.selector.matchLabels);
  });

  it('has a restrictive security context', () => {
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
    expect(container.securityContext).toMatchObject({
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
    });
  });

  it('routes the Service to the API port by name, and never to the metrics port', () => {
    const service = byKind('Service').spec as { ports: { targetPort: string }[] };
    expect(service.ports.map((port) => port.targetPort)).toEqual(['http']);
  });
});

/** The pod templates of every workload (Deployments, Jobs, ...), where containers and their images are. */
function podTemplates(): PodTemplate[] {
  return manifests.flatMap((manifest) => {
    const template = (manifest.spec as { template?: PodTemplate } | undefined)?.template;
    return template ? [template] : [];
  });
}

/** How long, at most, the readiness probe takes to notice a 503: the drain delay must cover it. */
function readinessReactionMs(): number {
  const probe = container.readinessProbe as Probe & { periodSeconds: number; failureThreshold: number };
  return probe.periodSeconds * probe.failureThreshold * 1000;
}
