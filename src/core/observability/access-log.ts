/**
 * One access log line per request, written when the response is finished: method, route template (not
 * the raw URL, so lines group by endpoint; the path only when no route matched, its query string too only
 * with LOG_QUERY_STRINGS, as query strings may hold personal data), status, duration in milliseconds and
 * request id, and the trace id when the request is traced (`trace_id`, the name OpenTelemetry's own log
 * instrumentations write, so a log backend links the line to its trace). Answers written before routing
 * (unrouted.ts) get the same line. Fastify's own two lines per request are turned off (disableRequestLogging).
 *
 * This is the one line every request pays for, so it is built and written more cheaply than through
 * `logger.info()`: the line is laid out like pino's own (same keys, same order, so log tooling sees one
 * format) from a prefix computed at start-up, and lines are gathered here until LOG_BUFFER_BYTES (flushed at
 * least every second and on close), then handed to the logger's destination in one write: a fraction of what
 * pino's info() costs per line (measured before and after in docs/benchmarks.md, "What moved the figures").
 * Handing the destination (sonic-boom) a few lines at a time cost more: each of its writes measures the
 * whole text it holds so far, so a batch of 4 KB gathered there in small pieces is measured again and again.
 * With LOG_BUFFER_BYTES=0 each line is written at once.
 * The values embedded unescaped are safe by construction: the request id is validated or a UUID
 * (request-id.ts), the method is an HTTP token, a trace id is 32 hex digits (OpenTelemetry validates a
 * caller's `traceparent` before taking its id); the route and URL are JSON-escaped.
 */
import { hostname } from 'node:os';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import pino from 'pino';
import type { Settings } from '../../config.js';

const INFO_LEVEL = 30;

/**
 * Where the trace ids come from when tracing is on (core/tracing/opentelemetry.ts); this file imports
 * nothing of OpenTelemetry, so that with tracing off none of it is loaded.
 */
export interface TraceIds {
  /** The trace of a routed request, if it is traced. */
  ofRequest(request: FastifyRequest): string | undefined;
  /** The trace active now: an answer written before routing is reported while its request's span is. */
  active(): string | undefined;
}

interface LineSink {
  write(chunk: string): unknown;
  /** Sonic-boom's: writes out what it buffers. */
  flush?: () => void;
}

/** Lines gathered here are handed on at least this often, as the logger's own buffer is (logging.ts). */
const FLUSH_INTERVAL_MS = 1000;

/** The URL as the log shows it: without its query string unless the settings ask for it. */
function urlShown(url: string, withQuery: boolean): string {
  const queryStart = withQuery ? -1 : url.indexOf('?');
  return queryStart === -1 ? url : url.slice(0, queryStart);
}

export const accessLog = fp<{ settings: Settings; traceIds?: TraceIds | undefined }>(
  async (app: FastifyInstance, { settings, traceIds }) => {
    // The level is fixed at start-up (LOG_LEVEL), so it is read once here, not per request.
    if ((pino.levels.values[app.log.level] ?? Infinity) > INFO_LEVEL) return;
    const destination = (app.log as unknown as Record<symbol, LineSink | undefined>)[pino.symbols.streamSym];
    if (!destination) throw new Error('access log: the logger has no destination stream');

    const linePrefix = `{"level":${INFO_LEVEL},"time":`;
    const lineBindings = `,"pid":${process.pid},"hostname":${JSON.stringify(hostname())},"reqId":"`;
    const batchLength = settings.LOG_BUFFER_BYTES;
    let pending = '';
    const flush = (): void => {
      if (pending === '') return;
      const lines = pending;
      pending = '';
      destination.write(lines);
    };
    const timer =
      batchLength > 0
        ? setInterval(() => {
            flush();
            destination.flush?.();
          }, FLUSH_INTERVAL_MS).unref()
        : undefined;

    const write = (reqId: string, method: string, where: string, status: number, ms: number, extra = ''): void => {
      pending +=
        `${linePrefix}${Date.now()}${lineBindings}${reqId}","method":"${method}","route":${where},` +
        `"status":${status},"ms":${Math.round(ms * 100) / 100},${extra}"msg":"request"}\n`;
      // Lengths in UTF-16 units: about the bytes, as the setting promises (lines are mostly ASCII).
      if (pending.length >= batchLength) flush();
    };
    const traced = (traceId: string | undefined): string => (traceId === undefined ? '' : `"trace_id":"${traceId}",`);
    const unmatched = (url: string | null): string =>
      `null,"url":${url === null ? 'null' : JSON.stringify(urlShown(url, settings.LOG_QUERY_STRINGS))}`;

    app.addHook('onResponse', function writeAccessLogLine(request, reply, done) {
      const route = request.routeOptions.url;
      const where = route === undefined ? unmatched(request.url) : JSON.stringify(route);
      // A call to a deprecated version (deprecation.ts) is marked: the team sees who still uses it.
      const deprecated = reply.hasHeader('deprecation') ? '"deprecated":true,' : '';
      const traceId = traceIds ? traced(traceIds.ofRequest(request)) : '';
      write(request.id, request.method, where, reply.statusCode, reply.elapsedTime, deprecated + traceId);
      done();
    });
    // The request id is validated or generated and the method is known (unrouted.ts), so both are safe here.
    app.unroutedAnswers.subscribe(({ reqId, method, url, status, ms }) => {
      write(reqId, method, unmatched(url), status, ms, traceIds ? traced(traceIds.active()) : '');
    });
    // Lines still gathered here are written before the logger itself is flushed.
    app.addHook('onClose', function flushAccessLog(_app, done) {
      clearInterval(timer);
      flush();
      done();
    });
  },
  { name: 'access-log' },
);
