/**
 * Request ids: the caller's `x-request-id` when it is a sane one (1 to 128 characters of letters, digits
 * and `._:-`), so a trace can cross services; a fresh UUID otherwise. Echoed in the response header and
 * written in the access log line.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import fp from 'fastify-plugin';

export const REQUEST_ID_HEADER = 'x-request-id';

const SANE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Fastify's `genReqId`: Fastify itself reads no header (requestIdHeader is off), this does, validated. */
export function requestId(request: IncomingMessage): string {
  const given = request.headers[REQUEST_ID_HEADER];
  return typeof given === 'string' && SANE_REQUEST_ID.test(given) ? given : randomUUID();
}

export const requestIdHeader = fp(
  async (app) => {
    app.addHook('onRequest', function setRequestIdHeader(request, reply, done) {
      reply.header(REQUEST_ID_HEADER, request.id);
      done();
    });
  },
  { name: 'request-id' },
);
