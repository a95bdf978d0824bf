/**
 * Errors raised before a request reaches a route, in problem format with the security headers like every
 * other error, each logged once and counted (reported to UnroutedAnswers, as no Fastify hook runs for them):
 * - `frameworkErrors`: what Fastify's router refuses (a malformed percent-escape in the path, a path
 *   parameter past its maxParamLength);
 * - `clientErrorHandler`: what Node's HTTP parser refuses (oversized headers, unknown methods, garbage) and
 *   its timeouts, where no Fastify reply exists and the response is written to the socket directly;
 * - `connectRefusal`: CONNECT, which Node hands to a 'connect' listener and otherwise drops unanswered.
 */
import { randomUUID } from 'node:crypto';
import { STATUS_CODES, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import fp from 'fastify-plugin';
import { answeredBeforeItsBody } from '../protection/body-limit.js';
import { PROBLEM_CONTENT_TYPE, problemBody, sendProblem } from './problem.js';
import { API_SECURITY_HEADERS } from '../protection/security-headers.js';
import { knownMethod, type UnroutedAnswers } from './unrouted.js';

// Node's parser error codes that deserve a more precise status than a plain 400.
const STATUS_BY_PARSER_CODE: Readonly<Record<string, number>> = {
  HPE_HEADER_OVERFLOW: 431,
  ERR_HTTP_REQUEST_TIMEOUT: 408,
};

const RAW_SECURITY_HEADERS = Object.entries(API_SECURITY_HEADERS)
  .map(([name, value]) => `${name}: ${value}\r\n`)
  .join('');

/** Writes a whole problem response to a socket and closes it; returns the request id it carries. */
function writeProblem(socket: Socket, status: number, detail: string): string {
  const reqId = randomUUID();
  const body = problemBody(status, detail);
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n${RAW_SECURITY_HEADERS}x-request-id: ${reqId}\r\n` +
      `content-type: ${PROBLEM_CONTENT_TYPE}\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n` +
      body,
  );
  return reqId;
}

/** Whether a response already started on this socket: Node's own test (a second status line would corrupt it). */
function responseStarted(socket: Socket): boolean {
  const inFlight = (socket as Socket & { _httpMessage?: ServerResponse | null })._httpMessage;
  return inFlight?.headersSent === true;
}

/** The request's method as the parser saw it, from the start of the bytes it refused (a Buffer at run time). */
function methodOf(rawPacket: unknown): string {
  if (!Buffer.isBuffer(rawPacket)) return knownMethod(undefined);
  const text = rawPacket.subarray(0, 16).toString('latin1');
  return knownMethod(text.slice(0, text.indexOf(' ')));
}

type ServerErrorOptions = Required<Pick<FastifyServerOptions, 'frameworkErrors' | 'clientErrorHandler'>>;

/** The Fastify options that answer errors raised before routing, reporting each to `unrouted`. */
export function serverErrorOptions(unrouted: UnroutedAnswers): ServerErrorOptions {
  return {
    frameworkErrors: (error, request, reply) => {
      // Always 400, which every operation documents: Fastify's own status for a path parameter past the
      // router's maxParamLength is 414, though the URL may be short (a 101-character id); no id is that long.
      const status = 400;
      reply.headers(API_SECURITY_HEADERS).header('x-request-id', request.id);
      sendProblem(
        reply,
        status,
        error.code === 'FST_ERR_MAX_PARAM_LENGTH'
          ? 'A path parameter is longer than this API accepts.'
          : 'The request URL is malformed.',
      );
      const { id: reqId, method, url } = request;
      unrouted.report({ reqId, method: knownMethod(method), url, status, ms: reply.elapsedTime });
    },
    clientErrorHandler: (error, socket) => {
      // A reset connection, or one whose request already has its answer (or part of it), gets no other.
      if (error.code === 'ECONNRESET' || !socket.writable || responseStarted(socket) || answeredBeforeItsBody(socket)) {
        socket.destroy();
        return;
      }
      const status = STATUS_BY_PARSER_CODE[error.code] ?? 400;
      const detail =
        status === 408 ? 'The request was not received in time.' : 'The request could not be parsed as HTTP.';
      const reqId = writeProblem(socket, status, detail);
      unrouted.report({ reqId, method: methodOf(error.rawPacket), url: null, status, ms: 0 });
    },
  };
}

/** Ends a socket whose peer failed (reset, broken pipe): there is nobody left to answer. */
function dropSocket(this: Socket): void {
  this.destroy();
}

/** CONNECT asks for a tunnel: this server is no proxy, so it answers 501 rather than dropping the connection. */
export const connectRefusal = fp(
  async (app: FastifyInstance) => {
    app.server.on('connect', (request: { url: string }, socket: Socket) => {
      // Node hands the socket over without its own error listener: a reset (ECONNRESET, EPIPE) from this client
      // would otherwise be an uncaught error that ends the process.
      socket.on('error', dropSocket);
      const reqId = writeProblem(socket, 501, 'This server is not a proxy; CONNECT is not supported.');
      app.unroutedAnswers.report({ reqId, method: 'CONNECT', url: request.url, status: 501, ms: 0 });
    });
  },
  { name: 'connect-refusal' },
);
