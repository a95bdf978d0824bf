/**
 * Errors the server answers itself, before or instead of a route (RFC 9112 Host rules, Expect, CONNECT,
 * unparsable requests, malformed URLs): each is a problem document with the security headers, logged as
 * one access-log line and counted in the metrics. Real sockets on 127.0.0.1 (inject skips the parser).
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { API_SECURITY_HEADERS } from '../../src/core/protection/security-headers.js';
import { capturingLogger } from '../helpers/logs.js';
import { exchange, headersOf, statusOf } from '../helpers/raw-http.js';
import { testSettings } from '../helpers/settings.js';

let app: FastifyInstance;
let port: number;
let lines: Record<string, unknown>[];

beforeAll(async () => {
  const capture = capturingLogger();
  lines = capture.lines;
  app = createApp(testSettings({ LOG_BUFFER_BYTES: '0' }), { logger: capture.logger });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  port = typeof address === 'object' && address ? address.port : 0;
});

afterAll(() => app.close());

// `Connection: close` where the server may keep the connection, so that each exchange ends with the reply.
const CASES = [
  { name: 'no Host', raw: 'GET /v1/smoke_test/ HTTP/1.1\r\nConnection: close\r\n\r\n', status: 400 },
  {
    name: 'two Host headers',
    raw: 'GET /v1/smoke_test/ HTTP/1.1\r\nHost: a\r\nHost: b\r\nConnection: close\r\n\r\n',
    status: 400,
  },
  {
    name: 'an invalid Host',
    raw: 'GET /v1/smoke_test/ HTTP/1.1\r\nHost: a b\r\nConnection: close\r\n\r\n',
    status: 400,
  },
  {
    name: 'an unmet expectation',
    raw: 'GET /v1/smoke_test/ HTTP/1.1\r\nHost: x\r\nExpect: 200-ok\r\nConnection: close\r\n\r\n',
    status: 417,
  },
  { name: 'CONNECT', raw: 'CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n', status: 501 },
  { name: 'bad percent-encoding', raw: 'GET /v1/%zz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n', status: 400 },
  { name: 'an unparsable request line', raw: 'hello there\r\n\r\n', status: 400 },
] as const;

describe('errors the server answers itself', () => {
  it.each(CASES)('answers $name with $status, a problem document and the security headers', async ({ raw, status }) => {
    const { reply } = await exchange(port, raw);
    expect(statusOf(reply)).toBe(status);
    const headers = headersOf(reply);
    expect(headers['content-type']).toBe('application/problem+json');
    for (const [name, value] of Object.entries(API_SECURITY_HEADERS)) expect(headers[name]).toBe(value);
    const body = JSON.parse(reply.slice(reply.indexOf('\r\n\r\n') + 4)) as { status: number; type: string };
    expect(body).toMatchObject({ type: 'about:blank', status });
  });

  it('accepts one valid Host, an empty one, a port and an IP literal', async () => {
    for (const host of ['api.example.com', '', 'api.example.com:8443', '[::1]:8000', '127.0.0.1']) {
      const { reply } = await exchange(port, `GET /livez HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`);
      expect(statusOf(reply)).toBe(200);
    }
    // HTTP/1.0 has no Host requirement.
    expect(statusOf((await exchange(port, 'GET /livez HTTP/1.0\r\n\r\n')).reply)).toBe(200);
  });

  it('logs each as one access-log line and counts it in the metrics', async () => {
    const before = lines.filter((line) => line.msg === 'request').length;
    const countedBefore = await app.metricsRegistry.metrics();
    for (const { raw } of CASES) await exchange(port, raw);
    await new Promise((resolve) => setImmediate(resolve));
    const logged = lines.filter((line) => line.msg === 'request').slice(before);
    expect(logged.map((line) => line.status)).toEqual(CASES.map(({ status }) => status));
    for (const line of logged) expect(line.level).toBe(30);
    // Those refused before routing have no route; the others name the route they were refused at.
    expect(logged.filter((line) => line.route === null).map((line) => line.method)).toEqual([
      'CONNECT',
      'GET',
      'unknown',
    ]);

    const countedAfter = await app.metricsRegistry.metrics();
    const counted = (text: string, series: string): number =>
      Number(
        text
          .split('\n')
          .find((line) => line.startsWith(series))
          ?.slice(series.length) ?? 0,
      );
    const count = (route: string, method: string, status: number): number => {
      const series = `http_requests_total{route="${route}",method="${method}",status="${status}"} `;
      return counted(countedAfter, series) - counted(countedBefore, series);
    };
    expect(count('/v1/smoke_test', 'GET', 400)).toBe(3);
    expect(count('/v1/smoke_test', 'GET', 417)).toBe(1);
    expect(count('unmatched', 'CONNECT', 501)).toBe(1);
    expect(count('unmatched', 'GET', 400)).toBe(1);
    expect(count('unmatched', 'unknown', 400)).toBe(1);
  });
});

describe('405 before the body is read', () => {
  it.each([
    ['a malformed JSON body', '{"broken', 'application/json'],
    ['a body above the limit', 'x'.repeat(2 * 1024 * 1024), 'application/json'],
    ['an unsupported media type', 'hello', 'text/x-unknown'],
  ])('POST /v1/smoke_test/ with %s answers 405', async (_name, payload, type) => {
    const response = await app.inject({
      method: 'POST',
      url: '/v1/smoke_test/',
      payload,
      headers: { 'content-type': type },
    });
    expect(response.statusCode).toBe(405);
    expect(response.headers.allow).toContain('GET');
  });

  it('an unknown path with a malformed JSON body answers 404', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/no/such/path',
      payload: '{"broken',
      headers: { 'content-type': 'application/json' },
    });
    expect(response.statusCode).toBe(404);
  });
});
