/**
 * Starting the benchmark's servers on free ports (bench/lib/listening.ts): a start that finds its port
 * taken is tried again on fresh ports, and any other early exit fails at once with what the server said.
 */
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startListening } from '../../bench/lib/listening.js';
import { freePorts } from '../../bench/lib/ports.js';
import { start, stop } from '../../bench/lib/processes.js';
import { get, SMOKE_PATH } from '../../bench/lib/startup.js';

/** Answers 200 on PORT; a port already bound makes Node print EADDRINUSE and exit 1. */
const SERVER = "require('node:http').createServer((q, r) => r.end('{}')).listen(Number(process.env.PORT), '127.0.0.1')";

function server(port: number, script = SERVER): ChildProcess {
  return start(process.execPath, ['-e', script], {
    env: { PATH: process.env.PATH ?? '', PORT: String(port) },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
}

describe('startListening', () => {
  let taken: Server;
  let takenPort: number;
  beforeAll(async () => {
    taken = createServer();
    taken.listen(0, '127.0.0.1');
    await once(taken, 'listening');
    const address = taken.address();
    takenPort = typeof address === 'object' && address ? address.port : 0;
  });
  afterAll(async () => {
    await new Promise((resolve) => taken.close(resolve));
  });

  it('starts again on fresh ports when the port it was given is taken', async () => {
    const given: number[][] = [];
    const listening = await startListening(2, (ports) => {
      given.push(ports);
      return server(given.length === 1 ? takenPort : (ports[0] ?? 0));
    });
    try {
      expect(given).toHaveLength(2);
      expect(listening.ports).toEqual(given[1]);
      expect(listening.ports).not.toContain(takenPort);
      expect(listening.startupMs).toBeGreaterThan(0);
      expect((await get(listening.ports[0] ?? 0, SMOKE_PATH)).status).toBe(200);
    } finally {
      await stop(listening.child);
    }
  });

  it('gives up after its attempts, with the server stderr in the error', async () => {
    let spawned = 0;
    const started = startListening(
      1,
      () => {
        spawned++;
        return server(takenPort);
      },
      { attempts: 2 },
    );
    await expect(started).rejects.toThrow(/exited with 1 before answering; its stderr:[\s\S]*EADDRINUSE/);
    expect(spawned).toBe(2);
  });

  it('fails at once when the server exits for any other reason', async () => {
    let spawned = 0;
    const started = startListening(1, () => {
      spawned++;
      return server(0, "console.error('PORT: not a port'); process.exit(1)");
    });
    await expect(started).rejects.toThrow(/exited with 1 before answering; its stderr:\nPORT: not a port$/);
    expect(spawned).toBe(1);
  });
});

describe('freePorts', () => {
  it('gives distinct ports, each free to listen on', async () => {
    const ports = await freePorts(8);
    expect(new Set(ports).size).toBe(8);
    for (const port of ports) {
      const probe = createServer().listen(port, '127.0.0.1');
      await once(probe, 'listening');
      await new Promise((resolve) => probe.close(resolve));
    }
  });
});
