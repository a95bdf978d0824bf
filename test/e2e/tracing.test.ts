/**
 * Traces from the built service (the esbuild bundle, as production runs it) to a real OTLP/HTTP receiver:
 * a request carrying a W3C `traceparent` arrives under the caller's trace, its server span named after the
 * route template with its status, a child span for its SQL query, the JWKS fetch it caused carrying the
 * trace on, and its access-log line naming the trace.
 */
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, TestIssuer } from '../helpers/auth.js';
import { OtlpReceiver, type ReceivedSpan } from '../helpers/otlp-receiver.js';
import { listeningUrl, startBuilt } from '../helpers/process.js';

const SERVER = 2;
const CLIENT = 3;

/** A caller's trace context, as an upstream proxy or client would send it (sampled). */
const CALLER_TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const CALLER_SPAN = '00f067aa0ba902b7';
const TRACEPARENT = `00-${CALLER_TRACE}-${CALLER_SPAN}-01`;

/** The spans from `span` up to its trace's root, by parent ids. */
function ancestry(spans: ReceivedSpan[], span: ReceivedSpan): ReceivedSpan[] {
  const parent = spans.find((candidate) => candidate.spanId === span.parentSpanId);
  return parent ? [span, ...ancestry(spans, parent)] : [span];
}

describe('the built service with OTEL_EXPORTER_OTLP_ENDPOINT set', () => {
  let receiver: OtlpReceiver;
  let issuer: TestIssuer;
  let child: ChildProcess;
  let url: string;
  let token: string;
  const logLines: Record<string, unknown>[] = [];

  beforeAll(async () => {
    receiver = await OtlpReceiver.start();
    issuer = await TestIssuer.start();
    token = await issuer.token({ scope: 'pets:read' });
    child = startBuilt({
      HOST: '127.0.0.1',
      PORT: '0',
      SHUTDOWN_DELAY_MS: '0',
      ...issuer.settings(),
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
      OTEL_SERVICE_NAME: 'petsage-e2e',
      // Export every 100 ms rather than every 5 s, so the test reads the spans soon.
      OTEL_BSP_SCHEDULE_DELAY: '100',
    });
    let pending = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      const lines = (pending + chunk.toString()).split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) logLines.push(JSON.parse(line) as Record<string, unknown>);
    });
    url = await listeningUrl(child);
  });

  afterAll(async () => {
    child.kill('SIGTERM');
    await once(child, 'exit');
    await issuer.close();
    await receiver.close();
  });

  it("exports a request under the caller's trace, with its route, status, query and JWKS fetch", async () => {
    const response = await fetch(`${url}/v1/pets/`, { headers: { ...bearer(token), traceparent: TRACEPARENT } });
    expect(response.status).toBe(200);

    // The span of the query, and the server span above it, are exported once the request has ended.
    // They may come in different exports (the batch processor sends what has ended), so wait for both.
    await expect
      .poll(
        () => {
          const spans = receiver.trace(CALLER_TRACE);
          return (
            spans.some((span) => span.scope.includes('instrumentation-pg')) &&
            spans.some((span) => span.kind === SERVER)
          );
        },
        { timeout: 10_000 },
      )
      .toBe(true);
    const spans = receiver.trace(CALLER_TRACE);
    const server = spans.find((span) => span.kind === SERVER);
    expect(server).toMatchObject({
      parentSpanId: CALLER_SPAN,
      name: 'GET /v1/pets',
      attributes: { 'http.route': '/v1/pets', 'http.response.status_code': 200 },
      resource: { 'service.name': 'petsage-e2e' },
    });

    // A named prepared statement's span is named after the statement (pg.query:pets:read:…).
    const query = spans.find((span) => span.name.startsWith('pg.query:'));
    expect(query, JSON.stringify(spans.map((span) => [span.scope, span.name]))).toBeDefined();
    expect(ancestry(spans, query as ReceivedSpan).map((span) => span.spanId)).toContain(server?.spanId);
    // Statements without their values: the parameters stay out of the traces.
    expect(JSON.stringify(query?.attributes)).not.toContain('db.statement.parameters');

    // The first token made the service fetch the issuer's keys, inside the request: the fetch is a client
    // span of the trace, and the issuer received the trace context.
    expect(
      spans.some((span) => span.kind === CLIENT && String(span.attributes['url.full']).endsWith('/jwks.json')),
    ).toBe(true);
    expect(issuer.jwksTraceparents).toHaveLength(1);
    expect(issuer.jwksTraceparents[0]).toMatch(new RegExp(`^00-${CALLER_TRACE}-[0-9a-f]{16}-01$`));
  });

  it("writes the trace id in the request's access-log line", async () => {
    await fetch(`${url}/v1/pets/`, {
      headers: { ...bearer(token), traceparent: TRACEPARENT, 'x-request-id': 'traced-1' },
    });
    await fetch(`${url}/v1/pets/`, { headers: { ...bearer(token), 'x-request-id': 'untraced-caller-1' } });
    await expect
      .poll(() => logLines.filter((line) => line.msg === 'request').length, { timeout: 5000 })
      .toBeGreaterThan(2);
    const lineOf = (reqId: string) => logLines.find((line) => line.reqId === reqId);
    await expect.poll(() => lineOf('untraced-caller-1'), { timeout: 5000 }).toBeDefined();
    expect(lineOf('traced-1')).toMatchObject({ route: '/v1/pets', status: 200, trace_id: CALLER_TRACE });

    // A caller without a traceparent starts a trace of its own, and its line names it.
    const ownTrace = lineOf('untraced-caller-1')?.trace_id;
    expect(ownTrace).toMatch(/^[0-9a-f]{32}$/);
    expect(ownTrace).not.toBe(CALLER_TRACE);
    await expect.poll(() => receiver.trace(ownTrace as string).some((span) => span.kind === SERVER)).toBe(true);
  });

  it('traces no probe', async () => {
    for (const path of ['/livez', '/readyz']) {
      const response = await fetch(url + path, {
        headers: { traceparent: '00-11111111111111111111111111111111-2222222222222222-01' },
      });
      expect(response.status).toBe(200);
    }
    // A traced request after the probes: once its spans are in, the probes' would be too.
    await fetch(`${url}/v1/smoke_test/`, {
      headers: { traceparent: '00-33333333333333333333333333333333-2222222222222222-01' },
    });
    await expect
      .poll(() => receiver.trace('33333333333333333333333333333333').length, { timeout: 5000 })
      .toBeGreaterThan(0);
    expect(receiver.trace('11111111111111111111111111111111')).toEqual([]);
    expect(
      receiver.spans.filter((span) => ['/livez', '/readyz'].includes(String(span.attributes['url.path']))),
    ).toEqual([]);
    expect(receiver.refused).toEqual([]);
  });
});
