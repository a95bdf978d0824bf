/**
 * Pins the access log's hand-built line (access-log.ts writes it straight into pino's stream, for speed) to
 * what pino itself writes for the same fields: byte for byte, apart from the time. Whatever fields the line
 * carries, in whatever order, pino given them in that order must produce the same text, so a change in pino's
 * layout or escaping, or in the copy's, fails here.
 */
import { Writable } from 'node:stream';
import fc from 'fast-check';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { REDACTED_PATHS } from '../../src/core/observability/logging.js';
import { testSettings } from '../helpers/settings.js';

/** A logger configured as the service's (logging.ts), keeping its raw output lines. */
function rawLogger() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  return { logger: pino({ level: 'info', redact: REDACTED_PATHS }, stream), lines };
}

// pino's own bindings and message, which it adds around the fields it is given.
const PINO_KEYS = new Set(['level', 'time', 'pid', 'hostname', 'msg']);
const withoutTime = (line: string) => line.replace(/^\{"level":30,"time":\d+,/, '{"level":30,"time":0,');

/** The access lines of `requests`, and what pino writes when given each line's own fields. */
async function accessAndPinoLines(requests: { method?: 'GET' | 'POST' | 'HEAD' | 'DELETE'; url: string }[]) {
  const service = rawLogger();
  const app = createApp(testSettings(), { logger: service.logger });
  for (const request of requests) await app.inject(request);
  await app.close();
  const access = service.lines.filter((line) => line.endsWith('"msg":"request"}'));

  const reference = rawLogger();
  for (const line of access) {
    const fields = Object.entries(JSON.parse(line) as Record<string, unknown>).filter(([key]) => !PINO_KEYS.has(key));
    reference.logger.info(Object.fromEntries(fields), 'request');
  }
  return { access: access.map(withoutTime), pino: reference.lines.map(withoutTime) };
}

describe("the access log's line", () => {
  it('is the line pino writes for its fields: matched, unmatched, 405, odd characters in the URL', async () => {
    const { access, pino: expected } = await accessAndPinoLines([
      { url: '/v1/smoke_test/' },
      { method: 'HEAD', url: '/livez' },
      { method: 'DELETE', url: '/v1/smoke_test/' },
      { url: '/no/such/path?x=1&y="2"' },
      { url: '/a"b\\c/%E2%80%A8/%F0%9F%90%95/ü' },
      { method: 'POST', url: '/v1/smoke_test/?q=<script>' },
    ]);
    expect(access).toHaveLength(6);
    expect(access).toEqual(expected);
  });

  it('stays the line pino writes for any path a client may send', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.webPath(), { minLength: 1, maxLength: 5 }), async (paths) => {
        const { access, pino: expected } = await accessAndPinoLines(paths.map((path) => ({ url: path || '/' })));
        expect(access).toHaveLength(paths.length);
        expect(access).toEqual(expected);
      }),
      { numRuns: 25 },
    );
  });
});
