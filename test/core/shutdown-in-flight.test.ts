/**
 * A response under way when shutdown begins (a slow handler, or a large compressed file) went out without
 * `Connection: close`: its keep-alive connection must still be ended once the response is sent, or the
 * server's close waits for the keep-alive timeout (72 s by default) and the shutdown deadline kills the
 * process with exit 1. Without that, this test hangs until its own timeout.
 */
import { Agent, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it, vi } from 'vitest';
import { createApp } from '../../src/app.js';
import type { FeatureModule } from '../../src/core/features/feature.js';
import { testSettings } from '../helpers/settings.js';

describe('shutdown with a response in flight', () => {
  it('ends the keep-alive connection once that response is sent, so close completes', async () => {
    let release: () => void = () => undefined;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    let arrived: () => void = () => undefined;
    const inHandler = new Promise<void>((resolve) => {
      arrived = resolve;
    });
    const slow: FeatureModule = {
      name: 'slow',
      version: 1,
      router: async (app) => {
        app.get('/', async () => {
          arrived();
          await released;
          return { ok: true };
        });
      },
    };
    const app = createApp(testSettings(), { features: [slow] });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const { port } = app.server.address() as AddressInfo;
    const agent = new Agent({ keepAlive: true });
    try {
      const answer = new Promise<{ status: number; connection: string | undefined }>((resolve, reject) => {
        request({ host: '127.0.0.1', port, path: '/v1/slow/', agent }, (response) => {
          response.resume();
          response.on('end', () => {
            resolve({ status: response.statusCode ?? 0, connection: response.headers.connection });
          });
        })
          .on('error', reject)
          .end();
      });
      await inHandler;
      // What the lifecycle does on SIGTERM: not ready, then close.
      app.readiness.ready = false;
      const closed = app.close();
      // The server has stopped listening (and closed the connections idle then) before the response goes out.
      await vi.waitUntil(() => !app.server.listening);
      release();
      expect(await answer).toEqual({ status: 200, connection: 'keep-alive' });
      await closed;
    } finally {
      agent.destroy();
    }
  });
});
