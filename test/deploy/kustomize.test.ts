/**
 * The kustomize renderer the deploy tests use (test/helpers/kustomize.ts) and the pod environment built
 * from it (test/helpers/pod-env.ts): what they refuse, and, where kubectl is installed, that they agree
 * with the real kustomize inside it (`kubectl kustomize`), hash suffixes aside.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { afterEach, describe, expect, it } from 'vitest';
import { MANIFEST_DIR, type Manifest } from '../helpers/kubernetes.js';
import { parseEnvLines, renderKustomization } from '../helpers/kustomize.js';
import { containerEnv } from '../helpers/pod-env.js';

const kubectl = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' }).status === 0;
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'petsage-kustomize-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

const byKindAndName = (a: Manifest, b: Manifest) =>
  `${a.kind}/${a.metadata.name}`.localeCompare(`${b.kind}/${b.metadata.name}`);

describe('the kustomize renderer', () => {
  it('reads env files as kustomize does: values kept exactly, comments and blank lines skipped', () => {
    expect(parseEnvLines(['# note', '', '  A=1', 'B="quoted" # kept', 'C=', 'D=x=y'], 'f')).toEqual({
      A: '1',
      B: '"quoted" # kept',
      C: '',
      D: 'x=y',
    });
  });

  it.each([
    [['JUST_A_NAME'], 'f: "JUST_A_NAME" is not KEY=value'],
    [['A=1', 'A=2'], 'f: A is set twice'],
    [['1A=x'], 'f: "1A=x" is not KEY=value'],
  ])('refuses the env lines %j', (lines, message) => {
    expect(() => parseEnvLines(lines, 'f')).toThrow(message);
  });

  it('refuses a kustomization field or generator field it does not render', () => {
    const base = 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: []\n';
    expect(() => renderKustomization(folder({ 'kustomization.yaml': `${base}patches: []\n` }))).toThrow(
      'kustomization.yaml: patches not rendered by this helper',
    );
    const generator = `${base}configMapGenerator:\n  - name: s\n    files: [a.txt]\n`;
    expect(() => renderKustomization(folder({ 'kustomization.yaml': generator }))).toThrow(
      'configMapGenerator s: files not rendered',
    );
  });
});

describe('the pod environment', () => {
  const sources = { imageEnv: { NODE_ENV: 'production', PORT: '8000' }, configMaps: { s: { PORT: '9000', A: 'a' } } };

  it('takes the image, then envFrom, then env, a later name replacing an earlier one', () => {
    const container = {
      name: 'c',
      envFrom: [{ configMapRef: { name: 's' } }],
      env: [
        { name: 'A', value: 'literal' },
        { name: 'B', valueFrom: { secretKeyRef: { name: 'k', key: 'uri' } } },
      ],
    };
    expect(containerEnv(container, { ...sources, secrets: { k: { uri: 'postgres://x' } } })).toEqual({
      NODE_ENV: 'production',
      PORT: '9000',
      A: 'literal',
      B: 'postgres://x',
    });
  });

  it.each([
    [{ envFrom: [{ configMapRef: { name: 'missing' } }] }, 'container c: ConfigMap missing does not exist'],
    [{ env: [{ name: 'B', valueFrom: { secretKeyRef: { name: 'k', key: 'uri' } } }] }, 'Secret k does not exist'],
    [
      { env: [{ name: 'B', valueFrom: { configMapKeyRef: { name: 's', key: 'nope' } } }] },
      'ConfigMap s has no key nope',
    ],
    [{ env: [{ name: 'B', value: '$(A)' }] }, 'B uses $() expansion, not rendered'],
    [{ envFrom: [{ prefix: 'X_', configMapRef: { name: 's' } }] }, 'envFrom prefix not rendered'],
  ])('refuses %j, as the kubelet would not start it', (fields, message) => {
    expect(() => containerEnv({ name: 'c', ...fields }, { ...sources, secrets: {} })).toThrow(message);
  });
});

describe.skipIf(!kubectl)('the renderer against `kubectl kustomize`', () => {
  it('gives the same objects and the same generated ConfigMap, hash suffixes aside', () => {
    const output = spawnSync('kubectl', ['kustomize', MANIFEST_DIR], { encoding: 'utf8' });
    expect(output.stderr).toBe('');
    const theirs = parseAllDocuments(output.stdout).map((doc) => doc.toJS() as Manifest & { data?: object });
    const generated = theirs.filter((m) => m.kind === 'ConfigMap');
    const { manifests, configMaps } = renderKustomization();
    expect(generated.map((m) => [m.metadata.name.replace(/-[a-z0-9]{10}$/, ''), m.data])).toEqual(
      Object.entries(configMaps),
    );
    // Every reference to a generated name carries the same suffix: undo it to compare the rest.
    const suffixed = new RegExp(`(${Object.keys(configMaps).join('|')})-[a-z0-9]{10}`, 'g');
    const rest = JSON.parse(
      JSON.stringify(theirs.filter((m) => m.kind !== 'ConfigMap')).replace(suffixed, '$1'),
    ) as Manifest[];
    expect(rest.sort(byKindAndName)).toEqual([...manifests].sort(byKindAndName));
  });
});
