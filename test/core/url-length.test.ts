/**
 * Issue 20 item 5: an over-long URL answers 414 as a problem document. Before, Node took any URL below its
 * header limit (a 9,000-octet query reached the route) and answered 431 only past that limit.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { createApp } from '../../src/app.js';
import { MAX_URL_OCTETS } from '../../src/core/protection/request-guard.js';
import { testSettings } from '../helpers/settings.js';

let app: FastifyInstance;
beforeAll(async () => {
  app = createApp(testSettings(), { features: [] });
  await app.ready();
});
afterAll(() => app.close());

/** A URL of exactly `length` octets. */
const urlOf = (path: string, length: number): string => `${path}?q=${'a'.repeat(length - path.length - 3)}`;

describe('the request target length', () => {
  it('answers 414 with a problem document past MAX_URL_OCTETS, on a route and on no route', async () => {
    for (const path of ['/livez', '/v1/nothing-here']) {
      const response = await app.inject({ url: urlOf(path, MAX_URL_OCTETS + 1) });
      expect(response.statusCode, response.body).toBe(414);
      expect(response.headers['content-type']).toBe('application/problem+json');
      expect(response.json()).toMatchObject({ status: 414, detail: 'The request target is longer than 8000 octets.' });
    }
  });

  it('takes a URL of exactly MAX_URL_OCTETS', async () => {
    expect((await app.inject({ url: urlOf('/livez', MAX_URL_OCTETS) })).statusCode).toBe(200);
  });
});
