/**
 * A real OTLP/HTTP trace receiver for tests, standing in for an OpenTelemetry Collector: a node:http server
 * on 127.0.0.1 (a free port) that takes what an exporter POSTs to /v1/traces as OTLP JSON, answers as a
 * collector does, and keeps every span, flattened, for the test to read.
 */
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

type AnyValue = Partial<Record<'stringValue' | 'boolValue' | 'intValue' | 'doubleValue', unknown>>;

interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes?: { key: string; value: AnyValue }[];
}

interface OtlpExport {
  resourceSpans?: {
    resource?: { attributes?: { key: string; value: AnyValue }[] };
    scopeSpans?: { scope?: { name: string }; spans?: OtlpSpan[] }[];
  }[];
}

/** A span as received: ids in hex, its attributes as plain values, and who made it. */
export interface ReceivedSpan {
  traceId: string;
  spanId: string;
  parentSpanId: string | undefined;
  name: string;
  /** OTLP's SpanKind: 2 server, 3 client, 1 internal. */
  kind: number;
  attributes: Record<string, unknown>;
  /** The instrumentation scope (its package name). */
  scope: string;
  /** The resource's attributes (service.name, ...). */
  resource: Record<string, unknown>;
}

const plain = (value: AnyValue): unknown =>
  value.stringValue ?? value.boolValue ?? (value.intValue === undefined ? value.doubleValue : Number(value.intValue));

const attributesOf = (list: { key: string; value: AnyValue }[] = []): Record<string, unknown> =>
  Object.fromEntries(list.map(({ key, value }) => [key, plain(value)]));

function flatten(body: OtlpExport): ReceivedSpan[] {
  return (body.resourceSpans ?? []).flatMap(({ resource, scopeSpans = [] }) =>
    scopeSpans.flatMap(({ scope, spans = [] }) =>
      spans.map((span) => ({
        traceId: span.traceId,
        spanId: span.spanId,
        parentSpanId: span.parentSpanId === '' ? undefined : span.parentSpanId,
        name: span.name,
        kind: span.kind,
        attributes: attributesOf(span.attributes),
        scope: scope?.name ?? '',
        resource: attributesOf(resource?.attributes),
      })),
    ),
  );
}

async function bodyOf(request: IncomingMessage): Promise<string> {
  let text = '';
  for await (const chunk of request) text += (chunk as Buffer).toString();
  return text;
}

export class OtlpReceiver {
  readonly spans: ReceivedSpan[] = [];
  /** Exports accepted. */
  exports = 0;
  /** Exports refused: anything but an OTLP JSON POST to /v1/traces. */
  readonly refused: string[] = [];

  private constructor(
    private readonly server: Server,
    /** What OTEL_EXPORTER_OTLP_ENDPOINT is set to. */
    readonly endpoint: string,
    /** false: exports are counted, not kept (a benchmark's receiver, which must not grow). */
    private readonly keep: boolean,
  ) {}

  static async start({ keep = true }: { keep?: boolean } = {}): Promise<OtlpReceiver> {
    const server = createServer();
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as AddressInfo;
    const receiver = new OtlpReceiver(server, `http://127.0.0.1:${port}`, keep);
    server.on('request', (request: IncomingMessage, response) => {
      void receiver.receive(request).then((status) => response.writeHead(status).end(status === 200 ? '{}' : ''));
    });
    return receiver;
  }

  /** The spans of one trace. */
  trace(traceId: string): ReceivedSpan[] {
    return this.spans.filter((span) => span.traceId === traceId);
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    this.server.close();
    await once(this.server, 'close');
  }

  private async receive(request: IncomingMessage): Promise<number> {
    const body = await bodyOf(request);
    const what = `${request.method} ${request.url} ${request.headers['content-type']}`;
    if (
      request.method !== 'POST' ||
      request.url !== '/v1/traces' ||
      request.headers['content-type'] !== 'application/json'
    ) {
      this.refused.push(what);
      return 415;
    }
    this.exports += 1;
    if (this.keep) this.spans.push(...flatten(JSON.parse(body) as OtlpExport));
    return 200;
  }
}
