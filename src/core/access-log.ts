/**
 * One access log line per request, written when the response is finished: method, route template (not
 * the raw URL, so lines group by endpoint; the raw URL only when no route matched), status, duration in
 * milliseconds and request id. Fastify's own two lines per request are turned off (disableRequestLogging).
 *
 * This is the one line every request pays for, so it is built and written more cheaply than through
 * `logger.info()`: the line is laid out like pino's own (same keys, same order, so log tooling sees one
 * format) from a prefix computed at start-up, and the lines of one event-loop turn go to the logger's
 * destination in a single write: a fraction of what pino's info() costs per line (measured before and after
 * in docs/benchmarks.md, "What moved the figures").
 * The values embedded unescaped are safe by construction: the request id is validated or a UUID
 * (request-id.ts), the method is an HTTP token; the route and URL are JSON-escaped.
 */
import { hostname } from 'node:os';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import pino from 'pino';

const INFO_LEVEL = 30;

interface LineSink {
  write(chunk: string): unknown;
}

export const accessLog = fp(
  async (app: FastifyInstance) => {
    // The level is fixed at start-up (LOG_LEVEL), so it is read once here, not per request.
    if ((pino.levels.values[app.log.level] ?? Infinity) > INFO_LEVEL) return;
    const destination = (app.log as unknown as Record<symbol, LineSink | undefined>)[pino.symbols.streamSym];
    if (!destination) throw new Error('access log: the logger has no destination stream');

    const linePrefix = `{"level":${INFO_LEVEL},"time":`;
    const lineBindings = `,"pid":${process.pid},"hostname":${JSON.stringify(hostname())},"reqId":"`;
    let pending = '';
    let flushScheduled = false;
    const flush = (): void => {
      flushScheduled = false;
      if (pending === '') return;
      const lines = pending;
      pending = '';
      destination.write(lines);
    };

    app.addHook('onResponse', (request, reply, done) => {
      const route = request.routeOptions.url;
      const where = route === undefined ? `null,"url":${JSON.stringify(request.url)}` : JSON.stringify(route);
      pending +=
        `${linePrefix}${Date.now()}${lineBindings}${request.id}","method":"${request.method}","route":${where},` +
        `"status":${reply.statusCode},"ms":${Math.round(reply.elapsedTime * 100) / 100},"msg":"request"}\n`;
      if (!flushScheduled) {
        flushScheduled = true;
        setImmediate(flush);
      }
      done();
    });
    // Lines still waiting for the end of the turn are written before the logger itself is flushed.
    app.addHook('onClose', (_app, done) => {
      flush();
      done();
    });
  },
  { name: 'access-log' },
);
