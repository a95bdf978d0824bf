/**
 * BODY_LIMIT_BYTES holds on every route, whatever the content type, including routes that never read a
 * body. Node reads (and discards) a body its route left unread, to keep the connection for the next
 * request: without this, a GET or a 404 with a 100 MB body was answered, then read to the end.
 *
 * - A Content-Length above the limit answers 413 at once (a request no route takes answers 404 or 405
 *   first: errors.ts runs before this hook, and refuses it for that, not for its body).
 * - Any answer sent while a body is still arriving, when that body is larger than the limit or of unknown
 *   length (chunked), carries `Connection: close`, and the connection closes once the answer is out
 *   instead of reading the rest. A smaller unread body of known length is read and dropped as before,
 *   keeping the connection.
 * - The close is lingering (RFC 9112 §9.6): the server ends its side, then discards what still arrives
 *   for at most LINGER_MS before closing. Closing at once, with unread bytes, makes the kernel send a TCP
 *   reset, which can destroy the answer before the client has read it.
 */
import type { Socket } from 'node:net';
import type { FastifyInstance, FastifyReply } from 'fastify';
import fp from 'fastify-plugin';
import type { Settings } from '../../config.js';
import { sendProblem } from '../errors/problem.js';

export const LINGER_MS = 1000;

/** Sockets whose current request was answered while its body was still arriving (framework-errors.ts asks). */
const answeredEarly = new WeakSet<Socket>();

/** Whether the request now arriving on `socket` has had its answer already (a timeout must not add one). */
export function answeredBeforeItsBody(socket: Socket): boolean {
  return answeredEarly.has(socket);
}

/** Node calls destroySoon() once a `Connection: close` answer is out; this one lingers first (see above). */
function lingeringClose(this: Socket): void {
  this.end();
  const timer = setTimeout(() => this.destroy(), LINGER_MS);
  this.once('close', () => {
    clearTimeout(timer);
  });
}

function closeAfterAnswer(reply: FastifyReply): FastifyReply {
  const socket = reply.raw.socket;
  if (socket) socket.destroySoon = lingeringClose;
  return reply.header('connection', 'close');
}

export const bodyLimit = fp<{ settings: Settings }>(
  async (app: FastifyInstance, { settings }) => {
    const limit = settings.BODY_LIMIT_BYTES;
    const tooLarge = `The request body is larger than ${limit} bytes.`;

    app.addHook('onRequest', function refuseDeclaredOversizeBody(request, reply, done) {
      const length = request.headers['content-length'];
      // Answered without done(); the reply is not returned (it is thenable, which a callback hook must not return).
      if (length !== undefined && Number(length) > limit) {
        sendProblem(closeAfterAnswer(reply), 413, tooLarge);
        return;
      }
      done();
    });

    app.addHook('onSend', function closeAfterUnreadBody(request, reply, payload, done) {
      const { raw } = request;
      if (!raw.complete) {
        const length = Number(raw.headers['content-length'] ?? 0);
        if (raw.headers['transfer-encoding'] !== undefined || length > limit) {
          closeAfterAnswer(reply);
        } else if (length > 0) {
          answeredEarly.add(raw.socket);
          raw.once('end', () => answeredEarly.delete(raw.socket));
        }
      }
      done(null, payload);
    });
  },
  { name: 'body-limit' },
);
