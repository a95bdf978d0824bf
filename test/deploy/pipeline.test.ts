/**
 * The GitHub Actions pipeline cannot run here, so it is checked offline: against the workflow schema
 * (@action-validator/core), for the order and the fail-closed rules a deploy pipeline needs, and for every
 * command, script, file and name it uses existing in this repository.
 */
import { existsSync, readFileSync } from 'node:fs';
import { validateWorkflow } from '@action-validator/core';
import semver from 'semver';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { argsOf, dockerfileStages } from '../helpers/dockerfile.js';
import { KUSTOMIZATION, loadManifests, MANIFEST_DIR } from '../helpers/kubernetes.js';

interface Step {
  uses?: string;
  run?: string;
  with?: Record<string, string | boolean>;
  env?: Record<string, string>;
  'working-directory'?: string;
}
interface Job {
  needs?: string | string[];
  if?: string;
  permissions?: Record<string, string>;
  strategy?: { matrix: { node: string[] } };
  steps: Step[];
}
interface Workflow {
  permissions: Record<string, string>;
  concurrency: { group: string; 'cancel-in-progress': string | boolean };
  jobs: Record<string, Job>;
}

const PATH = '.github/workflows/pipeline.yml';
const source = readFileSync(PATH, 'utf8');
const workflow = parse(source) as Workflow;
const steps = Object.values(workflow.jobs).flatMap((job) => job.steps);
const runs = steps.flatMap((step) => (step.run === undefined ? [] : [step.run]));
const scripts = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> }).scripts;
const engines = (JSON.parse(readFileSync('package.json', 'utf8')) as { engines: { node: string } }).engines.node;
const kustomization = parse(readFileSync(`${MANIFEST_DIR}/${KUSTOMIZATION}`, 'utf8')) as { images: { name: string }[] };
const finalStage = dockerfileStages().at(-1) ?? [];
const step = (job: string, uses: string): Step => {
  const found = workflow.jobs[job]?.steps.find((s) => s.uses?.startsWith(`${uses}@`));
  if (!found) throw new Error(`no ${uses} step in ${job}`);
  return found;
};
const matches = (pattern: RegExp): string[] => runs.flatMap((run) => [...run.matchAll(pattern)].map((m) => m[1] ?? ''));

describe('the GitHub Actions pipeline', () => {
  it('is a valid workflow by its schema, and the linter does catch an invalid one', () => {
    expect(validateWorkflow(source).errors).toEqual([]);
    const broken = source.replace('runs-on: ubuntu-24.04\n    timeout-minutes: 30', 'timeout-minutes: 30');
    expect(broken).not.toBe(source);
    expect(validateWorkflow(broken).errors.length).toBeGreaterThan(0);
  });

  it('tests, then builds and pushes, then deploys: each job needs the one before, and only main deploys', () => {
    const { test, build, deploy } = workflow.jobs;
    expect(Object.keys(workflow.jobs)).toEqual(['test', 'build', 'deploy']);
    expect(test?.needs).toBeUndefined();
    expect(build?.needs).toBe('test');
    expect(deploy?.needs).toBe('build');
    expect(build?.if).toBe("github.event_name == 'push' && github.ref == 'refs/heads/main'");
  });

  it('fails closed: nothing continues on error or runs after a failure', () => {
    expect(source).not.toMatch(/continue-on-error/);
    expect(source).not.toMatch(/\b(always|failure|cancelled)\(\)/);
    expect(runs.some((run) => /\|\|\s*true/.test(run))).toBe(false);
  });

  it('asks for the least permissions: read by default, package writes only where the image is pushed', () => {
    expect(workflow.permissions).toEqual({ contents: 'read' });
    for (const [name, job] of Object.entries(workflow.jobs)) {
      const writes = Object.entries(job.permissions ?? {}).filter(([, level]) => level !== 'read');
      expect(writes, name).toEqual(name === 'build' ? [['packages', 'write']] : []);
    }
  });

  it('runs one pipeline per branch at a time, cancelling only pull requests', () => {
    expect(workflow.concurrency.group).toContain('github.ref');
    expect(workflow.concurrency['cancel-in-progress']).toBe("${{ github.event_name == 'pull_request' }}");
  });

  it('pins every action to a full commit, with the tag it stands for', () => {
    const uses = source.split('\n').filter((line) => /^\s*-?\s*uses:/.test(line));
    expect(uses.length).toBeGreaterThan(0);
    for (const line of uses) expect(line).toMatch(/uses: [\w-]+\/[\w-]+@[0-9a-f]{40} # v\d+(\.\d+)*$/);
    for (const s of steps.filter((s) => s.uses?.startsWith('actions/checkout@'))) {
      expect(s.with?.['persist-credentials']).toBe(false);
    }
  });

  it('tests on the oldest Node.js engines allows and on the Dockerfile one, installing strictly', () => {
    const [oldest, production] = workflow.jobs.test?.strategy?.matrix.node ?? [];
    expect(semver.coerce(oldest)?.version).toBe(semver.minVersion(engines)?.version);
    expect(argsOf(finalStage, 'FROM')[0]).toMatch(new RegExp(`^node:${production}-slim@`));
    expect(runs).toContain('npm ci --engine-strict --no-audit --no-fund');
  });

  it('runs only npm scripts package.json has and files the repository has', () => {
    const npmScripts = [...matches(/\bnpm run ([\w:-]+)/g), ...matches(/\bnpm (test)\b/g)];
    expect(npmScripts).toContain('test');
    for (const script of npmScripts) expect(scripts, script).toHaveProperty(script);
    const files = [...matches(/\bbash ([\w./-]+)/g), ...matches(/require\("\.\/([\w./-]+)"\)/g)];
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) expect(existsSync(file), file).toBe(true);
    for (const s of steps) if (s['working-directory']) expect(existsSync(s['working-directory'])).toBe(true);
  });

  it("builds the repository's Dockerfile, tagged by commit, with every label argument it declares", () => {
    const build = step('build', 'docker/build-push-action').with ?? {};
    expect(existsSync(String(build.file))).toBe(true);
    expect(build.push).toBe(true);
    expect(build.tags).toMatch(/:\$\{\{ github\.sha \}\}$/);
    const passed = String(build['build-args'])
      .trim()
      .split('\n')
      .map((line) => line.split('=')[0]);
    const declared = argsOf(finalStage, 'ARG').flatMap((args) => [...args.matchAll(/(\w+)=/g)].map((m) => m[1]));
    expect(passed.sort()).toEqual(declared.sort());
  });

  it('applies the manifests with the pushed image by digest, then waits for the Deployment it names', () => {
    const setImage = workflow.jobs.deploy?.steps.find((s) => s.run?.startsWith('kustomize edit set image'));
    expect(setImage?.['working-directory']).toBe(MANIFEST_DIR);
    expect(setImage?.env?.IMAGE).toBe('${{ needs.build.outputs.image }}@${{ needs.build.outputs.digest }}');
    expect(matches(/kustomize edit set image "([\w.-]+)=/g)).toEqual(kustomization.images.map(({ name }) => name));
    expect(matches(/kubectl apply -k (\S+)/g)).toEqual([MANIFEST_DIR]);
    const deployments = loadManifests().filter(({ manifest }) => manifest.kind === 'Deployment');
    expect(matches(/kubectl rollout status deployment\/([\w-]+)/g)).toEqual(
      deployments.map(({ manifest }) => manifest.metadata.name),
    );
  });
});
