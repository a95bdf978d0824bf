/**
 * Every hook a request meets has a name, so `printRoutes({ includeHooks: true })` and a flame graph say
 * which step of the pipeline they show (issue 18): checked on the busiest route, a token-bearing
 * `GET /v1/pets/{id}` with every production feature on (auth, rate limits, metrics, access log).
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { feature } from '../../src/features/pets/v1/index.js';
import { useResourceApp } from '../helpers/resource-app.js';

const served = useResourceApp(feature, { read: 'pets:read', write: 'pets:write' });
let app: FastifyInstance;

beforeAll(async () => {
  // Load shedding on, as in production (the test settings turn it off): its hook is checked too.
  const limits = { RATE_LIMIT_READ_MAX: '1000', RATE_LIMIT_WRITE_MAX: '1000' };
  app = createApp(served.settings({ ...limits, MAX_EVENT_LOOP_DELAY_MS: '1000' }), { features: [feature] });
  await app.ready();
});
afterAll(() => app.close());

/** The hook lines printRoutes gives under the tree node `node` (e.g. ':id (GET'), which are the ones marked •. */
function hooksUnder(printed: string, node: string): string[] {
  const lines = printed.split('\n');
  const start = lines.findIndex((line) => line.includes(node));
  expect(start, printed).toBeGreaterThanOrEqual(0);
  const after = lines.slice(start + 1);
  const end = after.findIndex((line) => !line.includes('•'));
  return after.slice(0, end === -1 ? undefined : end);
}

describe('the request pipeline', () => {
  it('names every hook of GET /v1/pets/{id}', () => {
    const printed = app.printRoutes({ includeHooks: true });
    const hooks = hooksUnder(printed, ':id (GET').join('\n');
    const steps = [
      'setRequestIdHeader',
      'shedLoadWhileSaturated',
      'rateLimitBeforeVerification',
      'authenticate',
      'observeRequestMetrics',
    ];
    for (const step of steps) {
      expect(hooks).toContain(`${step}()`);
    }
    expect(hooks).not.toContain('anonymous');
  });

  it('names every hook of every route for what it does, not for its phase', () => {
    const printed = app.printRoutes({ includeHooks: true });
    expect(printed).not.toContain('anonymous');
    // A hook called after its phase (a library's `function onRequest`) says nothing in a flame graph.
    expect(printed).not.toMatch(
      /"(onRequest|preParsing|preValidation|preHandler|preSerialization|onSend|onResponse)\(\)"/,
    );
  });
});
