import { Writable } from 'node:stream';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { capturingLogger } from '../helpers/logs.js';
import { testSettings } from '../helpers/settings.js';

describe('access log', () => {
  it('writes exactly one line per request: method, route template, status, duration, request id', async () => {
    const { logger, lines } = capturingLogger();
    const app = createApp(testSettings(), { logger });
    await app.inject({ url: '/v1/smoke_test/', headers: { 'x-request-id': 'req-1' } });
    await app.inject({ url: '/no/such/path?x=1', headers: { 'x-request-id': 'req-2' } });
    await app.close();

    const requests = lines.filter((line) => line.msg === 'request');
    expect(requests).toHaveLength(2);
    expect(requests[0]).toMatchObject({
      level: 30,
      reqId: 'req-1',
      method: 'GET',
      route: '/v1/smoke_test',
      status: 200,
    });
    expect(typeof requests[0]?.ms).toBe('number');
    // The path, as the docs say: the query string may hold personal data.
    expect(requests[1]).toMatchObject({ reqId: 'req-2', route: null, url: '/no/such/path', status: 404 });
    // No other per-request lines (Fastify's "incoming request" / "request completed" are off).
    expect(lines.filter((line) => line.reqId !== undefined)).toHaveLength(2);
  });

  it('keeps the query string of an unmatched URL only with LOG_QUERY_STRINGS=true', async () => {
    const { logger, lines } = capturingLogger();
    const app = createApp(testSettings({ LOG_QUERY_STRINGS: 'true' }), { logger });
    await app.inject('/no/such/path?email=a%40example.com');
    await app.close();
    expect(lines.find((line) => line.msg === 'request')).toMatchObject({
      url: '/no/such/path?email=a%40example.com',
    });
  });

  // Failed before: every event-loop turn handed its lines on (one write per request here, 40).
  it('hands lines on in batches of about LOG_BUFFER_BYTES, not one turn at a time; 0 hands each on at once', async () => {
    const writesOf = async (bufferBytes: string): Promise<{ writes: number; lines: number }> => {
      let writes = 0;
      let lines = 0;
      const stream = new Writable({
        write(chunk: Buffer, _encoding, done) {
          writes += 1;
          lines += chunk
            .toString()
            .split('\n')
            .filter((line) => line.includes('"msg":"request"')).length;
          done();
        },
      });
      const app = createApp(testSettings({ LOG_BUFFER_BYTES: bufferBytes }), {
        logger: pino({ level: 'info' }, stream),
      });
      for (let index = 0; index < 40; index++) await app.inject('/v1/smoke_test/');
      await app.close();
      return { writes, lines };
    };
    // 40 lines of about 200 bytes: two or three batches of 4 KB, the rest on close.
    const batched = await writesOf('4096');
    expect(batched.lines).toBe(40);
    expect(batched.writes).toBeLessThanOrEqual(4);
    const atOnce = await writesOf('0');
    expect(atOnce).toEqual({ writes: 40, lines: 40 });
  });

  it('hands on the lines it holds at least once a second, without waiting for more', async () => {
    const { logger, lines } = capturingLogger();
    const app = createApp(testSettings({ LOG_BUFFER_BYTES: '4096' }), { logger });
    await app.inject({ url: '/v1/smoke_test/', headers: { 'x-request-id': 'lonely' } });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(lines.find((line) => line.msg === 'request')).toMatchObject({ reqId: 'lonely' });
    await app.close();
  });

  it('writes one complete line per request when many finish in the same turn', async () => {
    const { logger, lines } = capturingLogger();
    const app = createApp(testSettings(), { logger });
    await Promise.all(
      Array.from({ length: 25 }, (_, index) =>
        app.inject({ url: '/v1/smoke_test/', headers: { 'x-request-id': `batch-${index}` } }),
      ),
    );
    await app.close();
    const ids = lines.filter((line) => line.msg === 'request').map((line) => line.reqId);
    expect(new Set(ids)).toEqual(new Set(Array.from({ length: 25 }, (_, index) => `batch-${index}`)));
  });

  it("lays a line out like pino does, with the logger's pid and hostname", async () => {
    const { logger, lines } = capturingLogger();
    const app = createApp(testSettings(), { logger });
    await app.inject({ url: '/v1/smoke_test', headers: { 'x-request-id': 'req-shape' } });
    await app.close();
    const line = lines.find((entry) => entry.msg === 'request');
    expect(Object.keys(line ?? {})).toEqual([
      'level',
      'time',
      'pid',
      'hostname',
      'reqId',
      'method',
      'route',
      'status',
      'ms',
      'msg',
    ]);
    logger.info('reference');
    const reference = lines.at(-1);
    expect(line).toMatchObject({ pid: reference?.pid, hostname: reference?.hostname });
    expect(Math.abs(Number(line?.time) - Date.now())).toBeLessThan(60_000);
  });

  it('writes no access line when the level is above info', async () => {
    const { logger, lines } = capturingLogger();
    logger.level = 'warn';
    const app = createApp(testSettings(), { logger });
    await app.inject({ url: '/v1/smoke_test/' });
    await app.close();
    expect(lines.filter((line) => line.msg === 'request')).toEqual([]);
  });

  it('records an unmatched URL as it arrived, inside valid JSON', async () => {
    const { logger, lines } = capturingLogger();
    const app = createApp(testSettings(), { logger });
    await app.inject({ url: '/a"b\\c' });
    await app.close();
    expect(lines.find((line) => line.msg === 'request')).toMatchObject({ route: null, url: '/a%22b/c', status: 404 });
  });

  it('redacts authorization and cookie headers wherever a request is logged', () => {
    const { logger, lines } = capturingLogger();
    logger.info({ req: { headers: { authorization: 'Bearer secret', cookie: 'session=secret', host: 'x' } } });
    expect(JSON.stringify(lines)).not.toContain('secret');
    expect(lines[0]).toMatchObject({
      req: { headers: { authorization: '[Redacted]', cookie: '[Redacted]', host: 'x' } },
    });
  });

  it('logs an unexpected failure in full with its request id, and answers a bare 500', async () => {
    const { logger, lines } = capturingLogger();
    const app = createApp(testSettings(), { logger });
    app.get('/boom', () => {
      throw new Error('internal detail');
    });
    const response = await app.inject({ url: '/boom', headers: { 'x-request-id': 'req-3' } });
    await app.close();
    expect(response.statusCode).toBe(500);
    expect(response.body).not.toContain('internal detail');
    const failure = lines.find((line) => line.level === 50);
    expect(failure).toMatchObject({ reqId: 'req-3', err: { message: 'internal detail' } });
  });
});
