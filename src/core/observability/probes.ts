/**
 * Kubernetes probes, unversioned and named as Kubernetes' own API server names them:
 * `GET /livez` (the process answers: no dependency checks, always cheap, never shed under load) and
 * `GET /readyz` (200 while the service takes traffic; from the moment shutdown begins, 503 as a problem
 * document, so the endpoint controller stops routing here while the drain delay runs; 503 too while a
 * dependency's check, such as the database's, says it is unusable).
 *
 * Once not ready, every response also carries `Connection: close`, so keep-alive clients reconnect (to
 * other replicas) instead of holding connections to a pod that is about to close them.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import fp from 'fastify-plugin';
import Type from 'typebox';
import { Problem, problem, sendProblem } from '../errors/problem.js';

export const LIVENESS_PATH = '/livez';
export const READINESS_PATH = '/readyz';
/** The probes are never rate-limited: the orchestrator calls them on its own schedule. */
export const PROBE_PATHS: readonly string[] = [LIVENESS_PATH, READINESS_PATH];
const NOT_READY_DETAIL = 'The service is shutting down.';
const TAGS = ['Health & Smoke Tests'];

/** Resolves with why a dependency is unusable, or undefined while it is usable. Must be cheap and bounded in time. */
export type ReadinessCheck = () => Promise<string | undefined>;

/** Whether the service takes traffic: true from start-up, false for good once shutdown begins. */
export interface Readiness {
  ready: boolean;
  /** Dependencies' checks, each asked by every readiness probe (database/health.ts caches its answer). */
  readonly checks: ReadinessCheck[];
}

declare module 'fastify' {
  interface FastifyInstance {
    readonly readiness: Readiness;
  }
  interface FastifyContextConfig {
    /** False for routes that must answer even when the service sheds load (the liveness probe). */
    shedLoad?: boolean;
  }
}

const ProbeStatus = (status: string, description: string) =>
  Type.Object(
    { status: Type.Literal(status, { description }) },
    { additionalProperties: false, examples: [{ status }] },
  );

const LIVE = { status: 'ok' } as const;
const READY = { status: 'ready' } as const;

const routes: FastifyPluginAsyncTypebox = async (app) => {
  app.decorate('readiness', { ready: true, checks: [] });
  app.addHook('onRequest', function closeConnectionWhenDraining(_request, reply, done) {
    if (!app.readiness.ready) reply.header('connection', 'close');
    done();
  });
  // A response already under way when shutdown began went out without `Connection: close`; its keep-alive
  // connection is ended once the response is sent, or it would hold the server's close until it timed out.
  app.addHook('onResponse', function endConnectionWhenDraining(request, _reply, done) {
    if (!app.readiness.ready) request.raw.socket.end();
    done();
  });

  app.get(
    LIVENESS_PATH,
    {
      config: { shedLoad: false, rateLimited: false },
      schema: {
        tags: TAGS,
        summary: 'Liveness probe',
        security: [],
        description: 'Answers 200 while the process is alive; it checks no dependency. Never shed under load.',
        response: { 200: ProbeStatus('ok', 'Always "ok".') },
      },
    },
    async () => LIVE,
  );

  app.get(
    READINESS_PATH,
    {
      config: { rateLimited: false },
      schema: {
        tags: TAGS,
        summary: 'Readiness probe',
        security: [],
        description:
          'Answers 200 while the service takes traffic, and 503 from the moment it begins to shut down or while a dependency (the database) is unreachable.',
        response: {
          200: ProbeStatus('ready', 'Always "ready".'),
          // Documents the real not-ready answer; the reply itself is sent by sendProblem, not serialized.
          503: {
            ...Problem,
            description: 'Not ready: shutting down, a dependency (the database) unreachable, or shedding load.',
            examples: [problem(503, NOT_READY_DETAIL)],
          },
        },
      },
    },
    async (_request, reply) => {
      if (!app.readiness.ready) return sendProblem(reply, 503, NOT_READY_DETAIL);
      for (const check of app.readiness.checks) {
        const reason = await check();
        if (reason !== undefined) return sendProblem(reply, 503, reason);
      }
      return READY;
    },
  );
};

export const probes = fp(routes, { name: 'probes' });
