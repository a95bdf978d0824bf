/**
 * The pipeline is one list (src/core/pipeline.ts): docs/architecture.md shows it as it is, and the app
 * registers exactly its plugins, in its order.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { createApp } from '../../src/app.js';
import { corePipeline } from '../../src/core/pipeline.js';
import { testSettings } from '../helpers/settings.js';

const settings = testSettings({ METRICS_ENABLED: 'true' });
const stages = corePipeline({ settings, versions: [1] });

/** The rows of the table between architecture.md's pipeline markers: [stage, what it does]. */
function documentedStages(): string[][] {
  const page = readFileSync('docs/architecture.md', 'utf8');
  const table = page.slice(page.indexOf('<!-- pipeline:'), page.indexOf('<!-- /pipeline -->'));
  return table
    .split('\n')
    .filter((line) => line.startsWith('| `'))
    .map((line) =>
      line
        .slice(1, -1)
        .split(' | ')
        .map((cell) => cell.trim().replace(/^`|`$/g, '')),
    );
}

describe('the request pipeline', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = createApp(settings, { features: [] });
    await app.ready();
  });
  afterAll(() => app.close());

  it('is shown in docs/architecture.md as corePipeline() lists it, in order', () => {
    expect(documentedStages()).toEqual(stages.map((stage) => [stage.name, stage.does]));
  });

  it('is what the app registers, in that order', () => {
    const printed = app.printPlugins();
    const positions = stages.map((stage) => printed.search(new RegExp(`^\\W*${stage.name} `, 'm')));
    expect(
      positions.every((position) => position >= 0),
      printed,
    ).toBe(true);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
  });

  it('leaves out metrics when they are off', () => {
    const names = corePipeline({ settings: testSettings({ METRICS_ENABLED: 'false' }), versions: [1] }).map(
      (stage) => stage.name,
    );
    expect(names).not.toContain('metrics');
    expect(names).toHaveLength(stages.length - 1);
  });
});
