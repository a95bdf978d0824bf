/**
 * What a cluster needs around the pods, checked against the rest of the manifests: the NetworkPolicies
 * let in only the ingress controller (API port) and Prometheus (metrics port) and let out only DNS,
 * PostgreSQL, Redis and the issuer; Redis is the one REDIS_URL names; the PodMonitor scrapes the metrics
 * port; the pods run as their own ServiceAccount with no token; the operator's settings pass the check.
 */
import { describe, expect, it } from 'vitest';
import { loadSettings } from '../../src/config.js';
import { renderKustomization } from '../helpers/kustomize.js';
import type { Manifest } from '../helpers/kubernetes.js';

interface Peer {
  namespaceSelector?: { matchLabels: Record<string, string> };
  podSelector?: { matchLabels: Record<string, string> };
  ipBlock?: { cidr: string; except?: string[] };
}
interface Rule {
  from?: Peer[];
  to?: Peer[];
  ports?: { port: string | number; protocol: string }[];
}
interface PolicySpec {
  podSelector: { matchLabels: Record<string, string> };
  policyTypes: string[];
  ingress: Rule[];
  egress: Rule[];
}
interface PodSpec {
  serviceAccountName?: string;
  automountServiceAccountToken?: boolean;
  containers: { name: string; ports: { name: string; containerPort: number }[] }[];
}

const { manifests, configMaps } = renderKustomization();
const find = (kind: string, name: string): Manifest => {
  const found = manifests.find((manifest) => manifest.kind === kind && manifest.metadata.name === name);
  if (!found) throw new Error(`no ${kind} ${name}`);
  return found;
};
const apiDeployment = find('Deployment', 'petsage-backend');
const redisDeployment = find('Deployment', 'petsage-redis');
const template = (deployment: Manifest) =>
  deployment.spec.template as { metadata: { labels: Record<string, string> }; spec: PodSpec };
const apiPod = template(apiDeployment);
const apiPorts = apiPod.spec.containers.find((c) => c.name === 'api')?.ports ?? [];
const apiPolicy = find('NetworkPolicy', 'petsage-backend').spec as unknown as PolicySpec;
const redisPolicy = find('NetworkPolicy', 'petsage-redis').spec as unknown as PolicySpec;
const redisService = find('Service', 'petsage-redis').spec as {
  selector: Record<string, string>;
  ports: { port: number; targetPort: string }[];
};
const settingsMap = configMaps['petsage-backend-settings'] ?? {};
const settings = loadSettings(settingsMap);

/** The peers an ingress rule admits to a port, and the egress rule that lets out to a port. */
const ingressTo = (port: string) => apiPolicy.ingress.filter((rule) => rule.ports?.some((p) => p.port === port));
const egressTo = (port: number) => apiPolicy.egress.filter((rule) => rule.ports?.some((p) => p.port === port));
const selects = (selector: Record<string, string>, labels: Record<string, string>) =>
  Object.entries(selector).every(([key, value]) => labels[key] === value);

describe('the operator’s settings (settings.env)', () => {
  it('hold the issuer, audience, Redis URL and trusted proxies, and pass the settings check', () => {
    expect(Object.keys(settingsMap)).toEqual(
      expect.arrayContaining(['AUTH_ISSUER', 'AUTH_AUDIENCE', 'REDIS_URL', 'TRUST_PROXY']),
    );
    expect(settings.AUTH_ISSUER).not.toBe('');
  });

  it('use an issuer placeholder that can never resolve (RFC 2606 .invalid), so a forgotten one fails closed', () => {
    expect(new URL(settings.AUTH_ISSUER).hostname).toMatch(/\.invalid$/);
  });
});

describe('the API’s NetworkPolicy', () => {
  it('selects the API’s pods, for both directions', () => {
    expect(selects(apiPolicy.podSelector.matchLabels, apiPod.metadata.labels)).toBe(true);
    expect([...apiPolicy.policyTypes].sort()).toEqual(['Egress', 'Ingress']);
  });

  it('admits the API port from the ingress controller’s namespace only, and the metrics port from monitoring only', () => {
    expect(apiPolicy.ingress.every((rule) => (rule.from ?? []).length > 0 && (rule.ports ?? []).length > 0)).toBe(true);
    const namespaces = (port: string) =>
      ingressTo(port).flatMap((rule) =>
        (rule.from ?? []).map((peer) => peer.namespaceSelector?.matchLabels['kubernetes.io/metadata.name']),
      );
    expect(namespaces('http')).toEqual(['ingress-nginx']);
    expect(namespaces('metrics')).toEqual(['monitoring']);
    const allowed = apiPolicy.ingress.flatMap((rule) => (rule.ports ?? []).map((p) => p.port));
    expect([...allowed].sort()).toEqual(apiPorts.map((p) => p.name).sort());
  });

  it('makes TRUST_PROXY=1 true: one proxy (the ingress controller) is all that can reach the API port', () => {
    expect(settings.TRUST_PROXY).toBe('1');
    expect(ingressTo('http').flatMap((rule) => rule.from ?? [])).toHaveLength(1);
  });

  it('lets out DNS, PostgreSQL (the Cluster’s pods), Redis (the pods REDIS_URL reaches) and HTTPS to the issuer', () => {
    const dns = egressTo(53);
    expect(dns.flatMap((rule) => rule.ports?.map((p) => p.protocol))).toEqual(['UDP', 'TCP']);
    expect(dns.flatMap((rule) => rule.to)).toEqual([
      expect.objectContaining({ podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }),
    ]);

    const cluster = manifests.find((m) => m.kind === 'Cluster');
    expect(egressTo(5432).flatMap((rule) => rule.to)).toEqual([
      { podSelector: { matchLabels: { 'cnpg.io/cluster': cluster?.metadata.name } } },
    ]);

    const redisUrl = new URL(settings.REDIS_URL);
    expect(redisUrl.hostname).toBe('petsage-redis');
    expect(redisService.ports.map((p) => p.port)).toEqual([Number(redisUrl.port)]);
    const [redisRule] = egressTo(Number(redisUrl.port));
    expect(redisRule?.to).toEqual([{ podSelector: { matchLabels: redisService.selector } }]);
    expect(selects(redisService.selector, template(redisDeployment).metadata.labels)).toBe(true);

    expect(new URL(settings.AUTH_ISSUER).protocol).toBe('https:');
    const [issuerRule] = egressTo(443);
    expect(issuerRule?.to?.[0]?.ipBlock?.cidr).toBe('0.0.0.0/0');
    // Not into the cluster's private ranges: the issuer is reached on the internet.
    expect(issuerRule?.to?.[0]?.ipBlock?.except).toEqual(expect.arrayContaining(['10.0.0.0/8', '192.168.0.0/16']));

    const ports = apiPolicy.egress.flatMap((rule) => (rule.ports ?? []).map((p) => p.port));
    expect([...new Set(ports)].sort()).toEqual([443, 53, 5432, 6379].sort());
  });
});

describe('Redis', () => {
  it('admits only the API’s pods, on its port, and lets nothing out', () => {
    expect(selects(redisPolicy.podSelector.matchLabels, template(redisDeployment).metadata.labels)).toBe(true);
    expect(redisPolicy.ingress).toEqual([
      {
        from: [{ podSelector: { matchLabels: apiPolicy.podSelector.matchLabels } }],
        ports: [{ port: redisService.ports[0]?.targetPort, protocol: 'TCP' }],
      },
    ]);
    expect(redisPolicy.policyTypes).toContain('Egress');
    expect(redisPolicy.egress).toEqual([]);
  });
});

describe('the pods’ identity and monitoring', () => {
  it('runs the API as its own ServiceAccount, which mounts no token', () => {
    const account = find('ServiceAccount', apiPod.spec.serviceAccountName ?? '') as unknown as {
      automountServiceAccountToken: boolean;
    };
    expect(account.automountServiceAccountToken).toBe(false);
    expect(apiPod.spec.automountServiceAccountToken).toBe(false);
    expect(template(redisDeployment).spec.automountServiceAccountToken).toBe(false);
  });

  it('has a PodMonitor that scrapes /metrics on the metrics port of the API’s pods', () => {
    const monitor = manifests.find((m) => m.kind === 'PodMonitor')?.spec as {
      selector: { matchLabels: Record<string, string> };
      podMetricsEndpoints: { port: string; path: string }[];
    };
    expect(monitor.selector.matchLabels).toEqual(
      (apiDeployment.spec.selector as { matchLabels: Record<string, string> }).matchLabels,
    );
    expect(monitor.podMetricsEndpoints).toEqual([expect.objectContaining({ port: 'metrics', path: '/metrics' })]);
    expect(apiPorts.find((p) => p.name === 'metrics')?.containerPort).toBe(settings.METRICS_PORT);
  });
});
