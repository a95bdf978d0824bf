/**
 * End to end: `npm run bench:instructions` counts instructions per request of the service and of its
 * baseline under real Valgrind (short counts on the smoke path and on a page of records), refuses bad
 * arguments before starting anything, and leaves no process running. It asserts nothing about speed beyond
 * the service doing more work per smoke request than bare node:http, which holds in any tree.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { runningProcesses } from '../helpers/running.js';

const run = promisify(execFile);
const cli = (...args: string[]) =>
  run(process.execPath, ['--import', 'tsx', 'bench/instructions.ts', ...args], { timeout: 240_000 });

/** The servers this tool ran under Valgrind (their output goes to its temporary directory), and callgrind_control. */
const ourProcesses = (): string[] =>
  runningProcesses((command) => /petsage-callgrind-|callgrind_control/.test(command));

/** The two counts per request a run printed (the baseline named `limitName`, a pattern), and their printed ratio checked. */
function counted(stdout: string, limitName: string): { limit: number; service: number } {
  const perRequest = (name: string): number => {
    const match = new RegExp(`${name}.*?([\\d.]+) k$`, 'm').exec(stdout);
    if (!match?.[1]) throw new Error(`no count for ${name} in:\n${stdout}`);
    return Number(match[1]) * 1000;
  };
  const limit = perRequest(limitName);
  const service = perRequest('PetSage service');
  expect(limit).toBeGreaterThan(1000);
  expect(Number(/service ÷ the limit: ([\d.]+)/.exec(stdout)?.[1])).toBeCloseTo(service / limit, 1);
  return { limit, service };
}

async function refusal(...args: string[]): Promise<{ code: unknown; stderr: string }> {
  try {
    await cli(...args);
  } catch (error) {
    const { code, stderr } = error as { code: unknown; stderr: string };
    return { code, stderr };
  }
  throw new Error(`bench:instructions ${args.join(' ')} succeeded`);
}

describe('npm run bench:instructions', () => {
  beforeAll(async () => {
    if (!existsSync('dist/server.js')) await run('npm', ['run', 'build', '--silent']);
  }, 120_000);

  it('counts the service and bare node:http on the smoke path, and stops both', async () => {
    const { stdout } = await cli('--path', 'smoke', '--warm', '300', '--requests', '200');
    expect(stdout).toContain('GET /v1/smoke_test/: 200 requests counted after 300');
    const { limit, service } = counted(stdout, 'bare node:http');
    expect(service).toBeGreaterThan(limit);
    expect(ourProcesses()).toEqual([]);
  }, 300_000);

  it('counts the service and node:http + pg on a page of records it creates first, and stops both', async () => {
    const { stdout } = await cli('--path', 'page', '--warm', '200', '--requests', '100');
    expect(stdout).toContain('GET /v1/pets/?limit=20: 100 requests counted after 200');
    // Which of the two does more work on a page depends on the tree; each reading 20 records is work.
    const { limit, service } = counted(stdout, 'node:http \\+ pg');
    expect(Math.min(limit, service)).toBeGreaterThan(100_000);
    expect(ourProcesses()).toEqual([]);
  }, 300_000);

  it.each([
    [['--path', 'nowhere'], '--path is read, page or smoke (got "nowhere")'],
    [['--requests', '0'], '--requests takes a whole number of requests, at least 1 (got "0")'],
    [['--warm', '1e3'], '--warm takes a whole number of requests, at least 1 (got "1e3")'],
    [['--rounds', '3'], "Unknown option '--rounds'"],
  ])('refuses %j with exit 2 and the usage', async (args, message) => {
    const { code, stderr } = await refusal(...args);
    expect(code).toBe(2);
    expect(stderr).toContain(`bench:instructions: ${message}`);
    expect(stderr).toContain('usage: npm run bench:instructions');
    expect(ourProcesses()).toEqual([]);
  });
});
