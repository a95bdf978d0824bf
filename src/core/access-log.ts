/**
 * One access log line per request, written when the response is finished: method, route template (not
 * the raw URL, so lines group by endpoint; the raw path only when no route matched), status, duration in
 * milliseconds and request id. Fastify's own two lines per request are turned off (disableRequestLogging),
 * and requests share the app's logger instead of a child logger each (see loggerOptions in app.ts).
 */
import fp from 'fastify-plugin';

export const accessLog = fp(
  async (app) => {
    app.addHook('onResponse', (request, reply, done) => {
      const route = request.routeOptions.url;
      request.log.info(
        {
          reqId: request.id,
          method: request.method,
          route: route ?? null,
          url: route === undefined ? request.url : undefined,
          status: reply.statusCode,
          ms: Math.round(reply.elapsedTime * 100) / 100,
        },
        'request',
      );
      done();
    });
  },
  { name: 'access-log' },
);
