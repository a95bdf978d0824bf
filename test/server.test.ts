/** The process entry point: it serves with good settings and refuses bad ones at once, in one line. */
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { listeningUrl, startServer, waitForExit } from './helpers/process.js';

describe('server entry point', () => {
  it('listens where the settings say, logs the address and serves the smoke test', async () => {
    const child = startServer({ HOST: '127.0.0.1', PORT: '0', SHUTDOWN_DELAY_MS: '0' });
    try {
      const url = await listeningUrl(child);
      const response = await fetch(`${url}/v1/smoke_test/`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('application/json');
      expect(await response.json()).toEqual({
        status: 'ok',
        feature: 'smoke_test',
        message: 'PetSage Backend is up and running!',
      });
    } finally {
      child.kill('SIGTERM');
      await once(child, 'exit');
    }
  });

  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['LOG_LEVEL', 'loud'],
    ['API_V1_STR', 'v1'],
  ])('exits 1 on %s=%s with one line naming it, no stack trace, nothing listening', async (name, value) => {
    const result = await waitForExit(startServer({ HOST: '127.0.0.1', PORT: '0', [name]: value }));
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(new RegExp(`^Invalid setting ${name}="${value}": expected [^\\n]+\\.\\n$`));
    expect(result.stdout).toBe('');
  });

  it('exits 1 with one line when the port is taken', async () => {
    const first = startServer({ HOST: '127.0.0.1', PORT: '0', SHUTDOWN_DELAY_MS: '0' });
    try {
      const port = new URL(await listeningUrl(first)).port;
      const result = await waitForExit(startServer({ HOST: '127.0.0.1', PORT: port, SHUTDOWN_DELAY_MS: '0' }));
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(
        new RegExp(`^Cannot listen on 127\\.0\\.0\\.1:${port}: [^\\n]*EADDRINUSE[^\\n]*\\n$`),
      );
    } finally {
      first.kill('SIGTERM');
      await once(first, 'exit');
    }
  });
});
