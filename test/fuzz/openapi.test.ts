/**
 * A property-based fuzzer over the served OpenAPI documents (Schemathesis' approach, with fast-check): the app
 * as production builds it (every registered feature, a real PostgreSQL with migrations, tokens from a real
 * JWKS, rate limits too high to refuse), and every operation of every version driven from its document alone,
 * with valid requests and mutated ones (requests.ts). Every answer: no 5xx, every status documented for its
 * operation, every error a problem document with its status, every body and header as documented; mutations
 * refused (401 without a token, 403 without the scope, 4xx otherwise); every operation answered 2xx at least
 * once. Seeded: FUZZ_SEED=<n> replays or varies a run (the seed is in every failure's message).
 */
import type { FastifyInstance } from 'fastify';
import fc from 'fast-check';
import type { OpenAPIV3_1 } from 'openapi-types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { openApiPath } from '../../src/core/openapi/plugin.js';
import { features } from '../../src/features/registry.js';
import { useTestIssuer } from '../helpers/auth.js';
import { useTestDatabase } from '../helpers/database.js';
import { plansFor, type Plan } from './requests.js';
import { RunState } from './run-state.js';
import { ServedDocument, wrongWith, type Operation } from './served-api.js';

const SEED = Number(process.env.FUZZ_SEED ?? 20_261_206);
const REQUESTS = 2_400;
const UNLIMITED = '1000000000';
/** About 10 s alone; the whole suite running beside it on two cores slows it several times. */
const RUN_TIMEOUT_MS = 180_000;

const database = useTestDatabase();
const issuer = useTestIssuer();
let app: FastifyInstance;
const operations: Operation[] = [];
const tokens: Record<Plan['caller'], string | undefined> = {
  owner: undefined,
  stranger: undefined,
  scopeless: undefined,
  anonymous: undefined,
};

beforeAll(async () => {
  const settings = database.settings(
    issuer.settings({
      RATE_LIMIT_READ_MAX: UNLIMITED,
      RATE_LIMIT_WRITE_MAX: UNLIMITED,
      RATE_LIMIT_UNAUTHENTICATED_MAX: UNLIMITED,
    }),
  );
  app = createApp(settings);
  await app.ready();
  const versions = [...new Set(features.map((feature) => feature.version))];
  const seen = new Set<string>();
  for (const version of versions) {
    const url = openApiPath(settings, version);
    const served = new ServedDocument(url, (await app.inject(url)).json<OpenAPIV3_1.Document>());
    // The unversioned operations (the probes) are in every version's document: driven once.
    for (const operation of served.operations()) {
      if (seen.has(`${operation.method} ${operation.path}`)) continue;
      seen.add(`${operation.method} ${operation.path}`);
      operations.push(operation);
    }
  }
  const scopes = [...new Set(operations.flatMap((operation) => operation.scopes ?? []))].join(' ');
  tokens.owner = await issuer.token({ subject: 'fuzz-owner', scope: scopes });
  tokens.stranger = await issuer.token({ subject: 'fuzz-stranger', scope: scopes });
  tokens.scopeless = await issuer.token({ subject: 'fuzz-owner', scope: 'unrelated:read' });
});
afterAll(() => app.close());

describe(`fuzz over the served OpenAPI documents (FUZZ_SEED=${SEED})`, () => {
  const state = new RunState();
  const successes = new Map<Operation, number>();
  let sent = 0;

  /** Sends a plan, checks its answer, and learns from it. */
  async function exchange(plan: Plan): Promise<void> {
    const request = state.request(plan, tokens);
    const answer = await app.inject(request);
    sent++;
    const where = `FUZZ_SEED=${SEED}: ${plan.label} ${request.method} ${request.url} (${plan.caller}) ${JSON.stringify(request.headers)} ${String(request.payload ?? '').slice(0, 300)}\n-> ${answer.statusCode} ${answer.body.slice(0, 500)}`;
    expect(wrongWith(plan.operation, answer), where).toBeUndefined();
    if (plan.expect === '4xx') expect(answer.statusCode, where).toBeGreaterThanOrEqual(400);
    else if (plan.expect !== 'documented') expect(answer.statusCode, where).toBe(plan.expect);
    if (answer.statusCode < 300) successes.set(plan.operation, (successes.get(plan.operation) ?? 0) + 1);
    state.learn(plan, request, answer);
  }

  it(
    'makes records first: valid creates on every collection (twice over, so references find their targets)',
    async () => {
      const creates = operations.filter((operation) => operation.method === 'POST');
      const valid = fc
        .oneof(...creates.map(plansFor))
        .filter((plan) => plan.label === 'valid' && plan.caller === 'owner');
      await fc.assert(fc.asyncProperty(valid, exchange), {
        numRuns: 40 * creates.length,
        seed: SEED,
        endOnFailure: true,
      });
    },
    RUN_TIMEOUT_MS,
  );

  it(
    `drives every operation with ${REQUESTS} valid and invalid requests: every answer as documented`,
    async () => {
      const plans = fc.oneof(...operations.map(plansFor));
      await fc.assert(fc.asyncProperty(plans, exchange), { numRuns: REQUESTS, seed: SEED, endOnFailure: true });
      expect(sent).toBeGreaterThanOrEqual(2_000);
    },
    RUN_TIMEOUT_MS,
  );

  it('answered every operation with a success at least once (the valid requests reached every handler)', () => {
    const never = operations.filter((operation) => !successes.has(operation));
    expect(never.map((operation) => `${operation.method} ${operation.path}`)).toEqual([]);
  });
});
