import { Writable } from 'node:stream';
import pino, { type Logger } from 'pino';
import { REDACTED_PATHS } from '../../src/core/observability/logging.js';

/** A logger like the service's, writing JSON lines into `lines` for tests to read. */
export function capturingLogger(): { logger: Logger; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n')) {
        if (line) lines.push(JSON.parse(line) as Record<string, unknown>);
      }
      done();
    },
  });
  return { logger: pino({ level: 'info', redact: REDACTED_PATHS }, stream), lines };
}
