/**
 * Load shedding: while the event loop is saturated (mean delay above MAX_EVENT_LOOP_DELAY_MS) or the heap
 * is above MAX_HEAP_USED_MB, requests are answered at once with 503, `Retry-After` and a problem document,
 * instead of queueing without bound. Routes whose config sets `shedLoad: false` (the liveness probe) are
 * served regardless, so an overloaded pod is not restarted.
 *
 * @fastify/under-pressure samples the event loop delay and heap every second and decides; the hook that acts
 * on its decision is this file's `shedLoadWhileSaturated`. under-pressure's own hook is registered in a
 * context of its own that holds no route, so no request meets it: its generic name (`onRequest`) would not
 * tell a flame graph or `printRoutes` what it is. With both settings 0, nothing is registered and requests
 * pay nothing.
 */
import fastifyUnderPressure from '@fastify/under-pressure';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Settings } from '../../config.js';
import { PROBLEM_CONTENT_TYPE, problemBody } from '../errors/problem.js';

const MIB = 1024 * 1024;
export const OVERLOADED_DETAIL = 'The service is overloaded; retry later.';
const OVERLOADED = Buffer.from(problemBody(503, OVERLOADED_DETAIL));

export const loadShedding = fp<{ settings: Settings }>(
  async (app: FastifyInstance, { settings }) => {
    if (settings.MAX_EVENT_LOOP_DELAY_MS === 0 && settings.MAX_HEAP_USED_MB === 0) return;
    // Assigned once the sampler is registered, just below: left unassigned, the first request would throw.
    let isUnderPressure!: () => boolean;
    await app.register(async function pressureSampler(sampler) {
      await sampler.register(fastifyUnderPressure, {
        maxEventLoopDelay: settings.MAX_EVENT_LOOP_DELAY_MS,
        maxHeapUsedBytes: settings.MAX_HEAP_USED_MB * MIB,
      });
      isUnderPressure = () => sampler.isUnderPressure();
    });
    const retryAfter = String(settings.RETRY_AFTER_S);

    app.addHook('onRequest', function shedLoadWhileSaturated(request, reply, done) {
      if (!isUnderPressure() || request.routeOptions.config.shedLoad === false) {
        done();
        return;
      }
      // Answered here: Fastify runs neither the later hooks nor the handler.
      void reply.code(503).header('retry-after', retryAfter).type(PROBLEM_CONTENT_TYPE).send(OVERLOADED);
    });
  },
  { name: 'load-shedding' },
);
