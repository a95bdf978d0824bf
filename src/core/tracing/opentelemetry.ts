/**
 * OpenTelemetry tracing, started only when an OTLP endpoint is set (config.ts, tracingEnabled), and before
 * anything it instruments is loaded: its instrumentations patch http and pg as they are loaded, so the
 * process entry (server.ts) imports this first and the service after it. Without an endpoint, this file
 * and every OpenTelemetry package stay unloaded (test/e2e/tracing-bundle.test.ts).
 *
 * - Incoming requests: the http instrumentation opens the server span and honours the caller's W3C
 *   `traceparent`; @fastify/otel (the Fastify team's own) names it after the route template and adds a
 *   child span for the request and the handler. Probes and metrics scrapes are not traced.
 * - Outgoing calls: fetch (the JWKS and discovery fetches go through it: undici) and http carry
 *   `traceparent` on.
 * - pg: a child span per query, statements without their parameter values, and only inside a traced
 *   request (no spans for pool upkeep, migrations or the readiness check).
 * - Export: OTLP over HTTP, in batches; the standard OTEL_* variables configure the rest (service name,
 *   resource attributes, headers, sampler, batch sizes: see docs/operations.md#traces).
 */
import { FastifyOtelInstrumentation } from '@fastify/otel';
import { trace, type Context } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import { defaultResource, detectResources, envDetector, resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import type { FastifyRequest } from 'fastify';
import { setTimeout as sleep } from 'node:timers/promises';
import type { TraceIds } from '../observability/access-log.js';

/** The service's tracing: the trace ids for the access log, and the last export before the process exits. */
export interface Tracing {
  readonly traceIds: TraceIds;
  /** Sends the spans still batched, waiting at most SHUTDOWN_EXPORT_MS; a failed export is dropped. */
  shutdown(): Promise<void>;
}

/**
 * The longest the shutdown waits for the last export: a collector that hangs must not hold the exit past
 * SHUTDOWN_TIMEOUT_MS (the exporter's own timeout is 10 s, the batch processor's 30 s).
 */
const SHUTDOWN_EXPORT_MS = 2000;

/** Paths asked every few seconds by probes and scrapers: a span each would bury the requests that matter. */
const UNTRACED_PATHS = new Set(['/livez', '/readyz', '/metrics']);
const isUntraced = (url: string | undefined): boolean => UNTRACED_PATHS.has((url ?? '').split('?', 1)[0] ?? '');

/** The default service name; OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES (envDetector) override it. */
const SERVICE_NAME = 'petsage-backend';

const traceIdIn = (context: Context | null | undefined): string | undefined =>
  context ? trace.getSpan(context)?.spanContext().traceId : undefined;

export function startTracing(): Tracing {
  const provider = new NodeTracerProvider({
    resource: defaultResource()
      .merge(resourceFromAttributes({ 'service.name': SERVICE_NAME }))
      .merge(detectResources({ detectors: [envDetector] })),
    // The exporter reads OTEL_EXPORTER_OTLP_(TRACES_)ENDPOINT, _HEADERS, _TIMEOUT and _COMPRESSION itself.
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter())],
  });
  // The global provider, AsyncLocalStorage for the active span, and W3C trace context (and baggage) propagation.
  provider.register();
  registerInstrumentations({
    tracerProvider: provider,
    instrumentations: [
      new HttpInstrumentation({ ignoreIncomingRequestHook: (request) => isUntraced(request.url) }),
      new UndiciInstrumentation(),
      new PgInstrumentation({ requireParentSpan: true }),
      // Registered on every Fastify instance as it is created (a diagnostics channel, no module patching).
      // Hook spans are left out: the core adds a dozen hooks to every route, and a span each would multiply
      // the cost of tracing a request for little to read (the handler's span holds the work).
      new FastifyOtelInstrumentation({
        registerOnInitialization: true,
        instrumentHooks: false,
        ignorePaths: ({ url }) => isUntraced(url),
      }),
    ],
  });

  return {
    traceIds: {
      ofRequest: (request: FastifyRequest) => traceIdIn(request.opentelemetry().context),
      active: () => trace.getActiveSpan()?.spanContext().traceId,
    },
    shutdown: () =>
      Promise.race([provider.shutdown().catch(() => undefined), sleep(SHUTDOWN_EXPORT_MS, undefined, { ref: false })]),
  };
}
