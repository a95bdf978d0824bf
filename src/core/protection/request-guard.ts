/**
 * Requests refused before any route runs, as problem documents (with the security headers, logged and
 * counted like any request, since this is an ordinary onRequest hook):
 *
 * - RFC 9112 §3.2: an HTTP/1.1 request without Host, any request with more than one Host, or with a Host
 *   that is not `host[:port]`, answers 400. Node keeps only the first of repeated Host headers in
 *   `headers`, so repeats are counted in `rawHeaders`.
 * - A request target longer than MAX_URL_OCTETS answers 414 (RFC 9110 §15.5.15; RFC 9112 §3 asks for at
 *   least 8000 octets to be taken). Node refuses a long URL only past its header limit, with a 431.
 * - An `Expect` other than 100-continue answers 417. Node sends those to a 'checkExpectation' listener,
 *   or else a bare 417 of its own; the listener here hands them to Fastify, so this hook answers them.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { sendProblem } from '../errors/problem.js';

/** uri-host [ ":" port ] (RFC 3986): an IP literal in brackets, or a reg-name / IPv4 address (may be empty). */
const HOST = /^(?:\[[0-9A-Za-z:.]+\]|[A-Za-z0-9\-._~!$&'()*+,;=%]*)(?::[0-9]*)?$/;
const HOST_NAME_LENGTH = 4;
/** The longest request target taken (Node holds it as latin1 text: one character per octet). */
export const MAX_URL_OCTETS = 8000;

function hostProblem(raw: IncomingMessage): string | undefined {
  const host = raw.headers.host;
  if (host === undefined) {
    return raw.httpVersionMajor === 1 && raw.httpVersionMinor === 0 ? undefined : 'The request has no Host header.';
  }
  if (!HOST.test(host)) return 'The Host header is not a valid host.';
  const names = raw.rawHeaders;
  let seen = 0;
  for (let i = 0; i < names.length; i += 2) {
    const name = names[i] as string;
    if (name.length === HOST_NAME_LENGTH && name.toLowerCase() === 'host' && ++seen > 1) {
      return 'The request has more than one Host header.';
    }
  }
  return undefined;
}

export const requestGuard = fp(
  async (app: FastifyInstance) => {
    app.server.on('checkExpectation', (request: IncomingMessage, response: ServerResponse) => {
      app.routing(request, response);
    });

    app.addHook('onRequest', function guardRequest(request, reply, done) {
      if (request.raw.url !== undefined && request.raw.url.length > MAX_URL_OCTETS) {
        sendProblem(reply, 414, `The request target is longer than ${MAX_URL_OCTETS} octets.`);
        return;
      }
      const invalidHost = hostProblem(request.raw);
      // Answered without done(); the reply is not returned (it is thenable, which a callback hook must not return).
      if (invalidHost !== undefined) {
        sendProblem(reply, 400, invalidHost);
        return;
      }
      const expectation = request.headers.expect;
      if (expectation !== undefined && expectation.toLowerCase() !== '100-continue') {
        sendProblem(reply, 417, 'The only expectation this server meets is 100-continue.');
        return;
      }
      done();
    });
  },
  { name: 'request-guard' },
);
