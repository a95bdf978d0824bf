/**
 * The production build loads OpenTelemetry only when tracing is on: every file `dist/server.js` can reach,
 * through static and dynamic imports alike, holds none of its code, except the chunk of
 * src/core/tracing/opentelemetry.ts that server.ts imports when an OTLP endpoint is set. And what server.js
 * loads before it starts tracing holds nothing the instrumentations patch (nor anything that loads it):
 * TypeBox only. Read from the build's own module graph and source maps.
 */
import { describe, expect, it } from 'vitest';
import { dynamicImports, packageSources, reached } from '../helpers/bundle-graph.js';

/**
 * OpenTelemetry's SDK, exporter and instrumentations. Its API package is left out: prom-client has always
 * loaded it (processCpuTotal.js, for exemplars), a facade that does nothing while no SDK registers itself.
 */
const OPENTELEMETRY =
  /node_modules\/(@opentelemetry\/(?!api\/)|@fastify\/otel|import-in-the-middle|require-in-the-middle)/;
const TRACING_CHUNK = /^opentelemetry-[A-Z0-9]+\.js$/;

describe('the production build and OpenTelemetry', () => {
  it('reaches OpenTelemetry code only through the tracing chunk', () => {
    const withoutTracing = [...reached('server.js', (file) => !TRACING_CHUNK.test(file))];
    expect(withoutTracing).toContain('server.js');
    expect(withoutTracing.length).toBeGreaterThan(5);
    expect(withoutTracing.flatMap(packageSources).filter((path) => OPENTELEMETRY.test(path))).toEqual([]);

    const tracingChunks = dynamicImports('server.js').filter((file) => TRACING_CHUNK.test(file));
    expect(tracingChunks).toHaveLength(1);
    const tracing = [...reached(tracingChunks[0] as string, () => true)];
    expect(tracing.flatMap(packageSources).some((path) => OPENTELEMETRY.test(path))).toBe(true);
  });

  it('loads no package but TypeBox before tracing starts', () => {
    const packages = new Set(
      [...reached('server.js')]
        .flatMap(packageSources)
        .map((path) => /node_modules\/((@[^/]+\/)?[^/]+)\//.exec(path)?.[1]),
    );
    expect([...packages]).toEqual(['typebox']);
  });
});
