/**
 * A path parameter longer than Fastify's router takes (maxParamLength, 100 characters) is refused as a 400
 * problem document, which every operation documents. Before: 414 URI Too Long, a status no operation
 * documents, for a URL of 120 characters (the OpenAPI fuzzer, test/fuzz/, found it).
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { thingsFeature } from '../helpers/item-feature.js';
import { expectProblem } from '../helpers/resource-app.js';
import { testSettings } from '../helpers/settings.js';

let app: FastifyInstance;

beforeAll(() => {
  app = createApp(testSettings(), { features: [thingsFeature] });
});
afterAll(() => app.close());

it('answers a path parameter of 101 characters with a 400 problem document naming it', async () => {
  const response = await app.inject({ method: 'GET', url: `/v1/things/${'z'.repeat(101)}` });
  expectProblem(response, 400);
  expect(response.json()).toMatchObject({ detail: 'A path parameter is longer than this API accepts.' });
});

it('still hands one of 100 characters to its route, whose validation answers', async () => {
  const response = await app.inject({ method: 'GET', url: `/v1/things/${'z'.repeat(100)}` });
  expectProblem(response, 400);
  expect(response.json()).toMatchObject({ errors: [{ in: 'path', pointer: '/id' }] });
});
