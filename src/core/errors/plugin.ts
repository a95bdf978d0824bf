/**
 * Every error the API returns is a problem document (see problem.ts), and none exposes a stack trace or
 * an internal message: 404 for unknown paths, 405 with `Allow` for known paths with another method,
 * the route's own 4xx for bad requests (a validation failure lists every invalid field in `errors`),
 * database failures as database/problems.ts decides (503 with `Retry-After` while it is unreachable, 409 for
 * a unique violation), and a bare 500 (logged in full) for anything unexpected.
 * 404 and 405 are answered in onRequest, before any body is read: a request no route takes is refused
 * for that, not for a body (malformed, too large, of an unsupported type) nobody would have used.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Settings } from '../../config.js';
import { databaseProblem } from '../database/problems.js';
import { sendProblem, validationDetail, type ProblemError } from './problem.js';
import { trackRouteMethods } from './route-methods.js';
import { validationErrors } from './validation.js';

const INTERNAL_ERROR_DETAIL = 'The server could not complete the request.';

export const errors = fp(
  async (app: FastifyInstance, { settings }: { settings: Pick<Settings, 'RETRY_AFTER_S'> }) => {
    const routeMethods = trackRouteMethods(app);

    const notFound = (request: FastifyRequest, reply: FastifyReply): FastifyReply => {
      const queryStart = request.url.indexOf('?');
      const path = queryStart === -1 ? request.url : request.url.slice(0, queryStart);
      const allowed = routeMethods.allowed(path);
      // No route, or one that found nothing for this request (a handler's callNotFound): 404 either way.
      if (allowed.length === 0 || allowed.includes(request.method))
        return sendProblem(reply, 404, 'No resource at this path.');
      reply.header('allow', allowed.join(', '));
      return sendProblem(reply, 405, `Method ${request.method} is not allowed here; allowed: ${allowed.join(', ')}.`);
    };
    app.addHook('onRequest', function answerUnroutedEarly(request, reply, done) {
      // No done(): the answer is sent, and a reply is thenable, so it must not be returned from a callback hook.
      if (request.is404) {
        notFound(request, reply);
        return;
      }
      done();
    });
    app.setNotFoundHandler(notFound);

    app.setErrorHandler((error: FastifyError & { errors?: readonly ProblemError[] }, request, reply) => {
      const status = error.statusCode ?? 500;
      const fields = validationErrors(error);
      if (fields !== undefined && fields.length > 0) return sendProblem(reply, 400, validationDetail(fields), fields);
      if (status >= 400 && status < 500) return sendProblem(reply, status, error.message, error.errors);
      const database = error.statusCode === undefined ? databaseProblem(error) : undefined;
      if (database?.status === 409) return sendProblem(reply, 409, database.detail);
      if (database?.status === 503) {
        request.log.warn({ err: error, reqId: request.id }, 'database unavailable');
        reply.header('retry-after', String(settings.RETRY_AFTER_S));
        return sendProblem(reply, 503, database.detail);
      }
      request.log.error({ err: error, reqId: request.id }, 'request failed');
      return sendProblem(reply, 500, INTERNAL_ERROR_DETAIL);
    });
  },
  { name: 'errors' },
);
