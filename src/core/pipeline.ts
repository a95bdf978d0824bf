/**
 * The request pipeline in one place: the core plugins in the order they are registered, which is the order
 * their hooks run within each phase of a request (Fastify runs a phase's hooks in registration order).
 * docs/architecture.md shows this list; a test keeps the two the same.
 *
 * A request meets them by phase: onRequest (headers, id, guards, shedding, CORS, early 404/405, body limit,
 * then on a protected route its rate limit and token guard), the route's validation and handler, then
 * serialization, onSend (content type, body-limit closing) and onResponse (access log, metrics).
 */
import type { FastifyInstance, FastifyPluginAsync, FastifyPluginCallback, FastifyPluginOptions } from 'fastify';
import type { Settings } from '../config.js';
import { authentication } from './auth/plugin.js';
import { connectRefusal } from './errors/framework-errors.js';
import { jsonContentType } from './errors/json-content-type.js';
import { errors } from './errors/plugin.js';
import { accessLog, type TraceIds } from './observability/access-log.js';
import { metrics } from './observability/metrics.js';
import { probes } from './observability/probes.js';
import { requestIdHeader } from './observability/request-id.js';
import { openApi } from './openapi/plugin.js';
import { bodyLimit } from './protection/body-limit.js';
import { corsAllowList } from './protection/cors.js';
import { jsonBody } from './protection/json-body.js';
import { loadShedding } from './protection/load-shedding.js';
import { requestGuard } from './protection/request-guard.js';
import { securityHeaders } from './protection/security-headers.js';
import { rateLimits } from './rate-limit/plugin.js';

export interface PipelineContext {
  settings: Settings;
  /** The API versions the registered features serve, ascending. */
  versions: readonly number[];
  traceIds?: TraceIds | undefined;
}

/** One core plugin of the pipeline: its name (as fastify-plugin knows it) and how it is registered. */
export interface PipelineStage {
  readonly name: string;
  /** What it does to a request, and in which phase. */
  readonly does: string;
  readonly register: (app: FastifyInstance) => void;
}

type Plugin<Options extends FastifyPluginOptions> = FastifyPluginCallback<Options> | FastifyPluginAsync<Options>;

function stage<Options extends FastifyPluginOptions>(
  name: string,
  does: string,
  plugin: Plugin<Options>,
  options: Options,
): PipelineStage {
  return { name, does, register: (app) => void app.register(plugin, options) };
}

/** The core's stages for these settings, in order. */
export function corePipeline({ settings, versions, traceIds }: PipelineContext): readonly PipelineStage[] {
  const stages: (PipelineStage | false)[] = [
    stage('security-headers', 'onRequest: the API security headers, built once', securityHeaders, {}),
    stage('request-id', 'onRequest: x-request-id validated or generated, and echoed', requestIdHeader, {}),
    stage('access-log', 'onResponse: one log line per request', accessLog, { settings, traceIds }),
    stage('connect-refusal', "the server's CONNECT: refused as a problem document", connectRefusal, {}),
    stage('request-guard', 'onRequest: RFC 9112 Host rules, Expect and URL length', requestGuard, {}),
    stage('load-shedding', 'onRequest: 503 and Retry-After while the event loop is saturated', loadShedding, {
      settings,
    }),
    stage('cors', 'onRequest: CORS for the allow-listed origins', corsAllowList, { settings }),
    settings.METRICS_ENABLED && stage('metrics', 'onResponse: request counts and durations', metrics, {}),
    stage('json-content-type', 'onSend: application/json without charset', jsonContentType, {}),
    stage('errors', 'onRequest: 404 and 405 before any body is read; every error a problem', errors, {
      settings,
    }),
    stage('body-limit', 'onRequest and onSend: BODY_LIMIT_BYTES, unread bodies included', bodyLimit, { settings }),
    stage('json-body', 'body parsing: JSON bodies strictly UTF-8, no lone surrogates', jsonBody, {}),
    stage('authentication', 'onRoute: a token guard on each route its `security` names', authentication, {
      settings,
    }),
    stage('rate-limits', 'onRoute: per-client budgets, counted before the token guard', rateLimits, { settings }),
    stage('openapi', 'the OpenAPI document of each version', openApi, { settings, versions }),
    stage('probes', '/livez and /readyz, never limited', probes, {}),
  ];
  return stages.filter((entry): entry is PipelineStage => entry !== false);
}
