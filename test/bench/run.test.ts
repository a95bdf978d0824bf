/**
 * End to end: `npm run bench -- --smoke` (one round of 1 s against each target) writes results of the
 * documented shape and leaves no process running. It asserts nothing about speed.
 */
import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Results } from '../../bench/lib/results.js';
import { untilPrinted } from '../helpers/printed.js';
import { runningProcesses } from '../helpers/running.js';

const run = promisify(execFile);
const out = mkdtempSync(join(tmpdir(), 'petsage-bench-test-'));

/** Processes started from this worktree that run the service, a baseline or the load worker. */
const ourProcesses = (): string[] =>
  runningProcesses(
    (command, cwd) =>
      cwd === process.cwd() &&
      // bench:instructions' servers under Valgrind (test/bench/instructions.test.ts) are that test's to find.
      !command.includes('petsage-callgrind-') &&
      /dist\/server\.js|bench\/load\.lua|petsage-bench-[^/]+\/\S+\.mjs/.test(command),
  );

describe('npm run bench -- --smoke', () => {
  let results: Results;
  beforeAll(async () => {
    if (!existsSync('dist/server.js')) await run('npm', ['run', 'build', '--silent']);
    await run(process.execPath, ['--import', 'tsx', 'bench/run.ts', '--smoke', '--out', out], { timeout: 90_000 });
    results = JSON.parse(readFileSync(join(out, 'latest.json'), 'utf8')) as Results;
  }, 120_000);
  afterAll(() => {
    rmSync(out, { recursive: true, force: true });
  });

  it('writes the JSON, Markdown and SVG results', () => {
    expect(results.mode).toBe('smoke');
    expect(readFileSync(join(out, 'latest.md'), 'utf8')).toContain('# Benchmark');
    expect(readFileSync(join(out, 'latest.svg'), 'utf8')).toContain('<svg');
  });

  it('has the documented shape', () => {
    expect(results.machine.cores).toBeGreaterThan(0);
    expect(typeof results.machine.node).toBe('string');
    expect(Object.keys(results.load.medians).sort()).toEqual(['bare', 'naive', 'service']);
    expect(Object.keys(results.load.ratios).sort()).toEqual(['bare', 'naive']);
    expect(Object.keys(results.cluster.medians).sort()).toEqual(['bare', 'cluster']);
    expect(Object.keys(results.auth.medians).sort()).toEqual(['authenticated', 'unauthenticated']);
    // Every authenticated request was served: the token verified and the scope held (no 401/403/429).
    expect(results.auth.medians.authenticated?.non2xx).toBe(0);
    expect(results.auth.rounds.authenticated?.[0]?.total).toBeGreaterThan(0);
    expect(Object.keys(results.tracing.medians).sort()).toEqual(['traced', 'untraced']);
    expect(results.tracing.medians.traced?.non2xx).toBe(0);
    // The traced service did export: the figure is tracing's cost, not a service that traced nothing.
    expect(results.tracing.exports).toBeGreaterThan(0);
    expect(results.load.medians.service?.non2xx).toBe(0);
    // Limits on never refused the load; past its budget, every request of the load was refused.
    expect(Object.keys(results.rateLimits?.counting.medians ?? {}).sort()).toEqual(['limited', 'unlimited']);
    expect(results.rateLimits?.counting.medians.limited?.non2xx).toBe(0);
    const refused = results.rateLimits?.refusal.rounds.refused?.[0];
    expect(refused?.total).toBeGreaterThan(0);
    expect(refused?.non2xx).toBe(refused?.total);
    expect(results.load.rounds.service).toHaveLength(1);
    expect(typeof results.load.medians.service?.p99).toBe('number');
    expect(typeof results.startup.service.medianMs).toBe('number');
    // Bare node:http was timed in the same start-up section, one start after each of the service's.
    expect(results.startup.bare?.runsMs).toHaveLength(results.startup.service.runsMs.length);
    expect(results.startup.bare?.rssAtFirst200Mb).toBeGreaterThan(0);
    expect(results.startup.bare?.cpuMsAtFirst200).toBeGreaterThan(0);
    expect(results.startup.service.cpuMsAtFirst200).toBeGreaterThan(0);
    expect(typeof results.startup.bare?.serviceOverBareMs).toBe('number');
    expect(typeof results.featuresOn.requestId).toBe('boolean');
    expect(results.scaling.note).toContain('skipped');
  });

  it('leaves no process running', () => {
    expect(ourProcesses()).toEqual([]);
  });
});

/** The benchmark PostgreSQL data directories in the temporary directory. */
const benchDatabases = (): string[] =>
  readdirSync(tmpdir()).filter((name) => name.startsWith('petsage-bench-postgres-'));

describe('SIGINT of the runner', () => {
  it('stops every process the runner started, and removes its PostgreSQL data directory', async () => {
    const before = benchDatabases();
    const runner = spawn(process.execPath, ['--import', 'tsx', 'bench/run.ts', '--smoke', '--out', out], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    await untilPrinted(runner, 'stderr', 'load: round', {
      timeoutMs: 30_000,
      failure: 'the runner never reached a load round',
    });
    expect(ourProcesses().length).toBeGreaterThan(0);
    const exited = once(runner, 'exit');
    runner.kill('SIGINT');
    const [code] = (await exited) as [number | null];
    expect(code).toBe(130);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(ourProcesses()).toEqual([]);
    expect(benchDatabases().filter((name) => !before.includes(name))).toEqual([]);
  }, 40_000);
});
