/**
 * The cost of tracing: the built service twice, as deployed, one without an OTLP endpoint (nothing of
 * OpenTelemetry loaded) and one exporting every request's spans (the http server span, @fastify/otel's
 * request and handler spans) to an OTLP/HTTP receiver on 127.0.0.1 that takes and drops them, as a collector
 * would. Rounds are interleaved like the main comparison, on the smoke test; the ratio is traced req/s
 * over untraced.
 */
import { OtlpReceiver } from '../../test/helpers/otlp-receiver.js';
import type { Mode } from './modes.js';
import { stop } from './processes.js';
import { compare, type Comparison } from './results.js';
import { interleaved } from './rounds.js';
import { startService, type Target } from './targets.js';

export interface TracingCost extends Comparison {
  /** OTLP exports the receiver took: 0 would mean the traced service traced nothing. */
  exports: number;
}

export async function measureTracing(root: string, mode: Mode): Promise<TracingCost> {
  const receiver = await OtlpReceiver.start({ keep: false });
  const targets: Target[] = [];
  try {
    targets.push({ ...(await startService({ cwd: root })), name: 'untraced' });
    targets.push({
      ...(await startService({ cwd: root, env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint } })),
      name: 'traced',
    });
    const comparison = compare(await interleaved('tracing', targets, mode.rounds, mode), 'traced');
    return { ...comparison, exports: receiver.exports };
  } finally {
    for (const target of targets) await stop(target.child);
    await receiver.close();
  }
}
