/**
 * Errors raised before a request reaches a route, in problem format like every other error:
 * `frameworkErrors` covers what Fastify's router refuses (a malformed percent-escape in the path),
 * `clientErrorHandler` what Node's HTTP parser refuses (oversized headers, unknown methods, garbage),
 * where no Fastify reply exists yet and the response is written to the socket directly.
 */
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyServerOptions } from 'fastify';
import { PROBLEM_CONTENT_TYPE, problemBody, sendProblem } from './problem.js';

export const frameworkErrors: NonNullable<FastifyServerOptions['frameworkErrors']> = (error, _request, reply) => {
  const status = error.statusCode !== undefined && error.statusCode < 500 ? error.statusCode : 400;
  sendProblem(reply, status, 'The request URL is malformed.');
};

// Node's parser error codes that deserve a more precise status than a plain 400.
const STATUS_BY_PARSER_CODE: Readonly<Record<string, number>> = {
  HPE_HEADER_OVERFLOW: 431,
  ERR_HTTP_REQUEST_TIMEOUT: 408,
};

export function clientErrorHandler(error: Error & { code?: string }, socket: Socket): void {
  // A reset connection, or one already answered, has nobody left to read an error.
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const status = STATUS_BY_PARSER_CODE[error.code ?? ''] ?? 400;
  const body = problemBody(status, 'The request could not be parsed as HTTP.');
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n` +
      `Content-Type: ${PROBLEM_CONTENT_TYPE}\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      'Connection: close\r\n\r\n' +
      body,
  );
}
