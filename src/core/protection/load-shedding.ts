/**
 * Load shedding with @fastify/under-pressure: while the event loop is saturated (mean delay above
 * MAX_EVENT_LOOP_DELAY_MS) or the heap is above MAX_HEAP_USED_MB, requests are answered at once with
 * 503, `Retry-After` and a problem document, instead of queueing without bound. Routes whose config sets
 * `shedLoad: false` (the liveness probe) are served regardless, so an overloaded pod is not restarted.
 */
import underPressure from '@fastify/under-pressure';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Settings } from '../../config.js';
import { PROBLEM_CONTENT_TYPE, problemBody } from '../errors/problem.js';

const MIB = 1024 * 1024;
export const OVERLOADED_DETAIL = 'The service is overloaded; retry later.';
const OVERLOADED = Buffer.from(problemBody(503, OVERLOADED_DETAIL));

export const loadShedding = fp<{ settings: Settings }>(
  async (app: FastifyInstance, { settings }) => {
    const retryAfter = String(settings.RETRY_AFTER_S);
    await app.register(underPressure, {
      maxEventLoopDelay: settings.MAX_EVENT_LOOP_DELAY_MS,
      maxHeapUsedBytes: settings.MAX_HEAP_USED_MB * MIB,
      // Fastify skips the route once the reply is sent; returning without sending lets the request through.
      pressureHandler: (request, reply) => {
        if (request.routeOptions.config.shedLoad === false) return;
        void reply.code(503).header('retry-after', retryAfter).type(PROBLEM_CONTENT_TYPE).send(OVERLOADED);
      },
    });
  },
  { name: 'load-shedding' },
);
