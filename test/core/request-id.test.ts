import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { testSettings } from '../helpers/settings.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

let app: FastifyInstance;
beforeAll(() => {
  app = createApp(testSettings());
});
afterAll(() => app.close());

describe('x-request-id', () => {
  it.each(['abc-123', 'trace.1:2_3', 'a'.repeat(128)])('echoes a sane id the caller sent (%s)', async (id) => {
    const response = await app.inject({ url: '/v1/smoke_test/', headers: { 'x-request-id': id } });
    expect(response.headers['x-request-id']).toBe(id);
  });

  it.each(['', 'a'.repeat(129), 'has space', 'semi;colon', '<script>', 'ünïcode'])(
    'replaces an id it will not accept (%j) with a fresh UUID',
    async (id) => {
      const response = await app.inject({ url: '/v1/smoke_test/', headers: { 'x-request-id': id } });
      expect(response.headers['x-request-id']).toMatch(UUID);
    },
  );

  it('generates a different UUID for each request without one, on errors too', async () => {
    const first = await app.inject('/v1/smoke_test/');
    const second = await app.inject('/nowhere');
    expect(first.headers['x-request-id']).toMatch(UUID);
    expect(second.headers['x-request-id']).toMatch(UUID);
    expect(first.headers['x-request-id']).not.toBe(second.headers['x-request-id']);
  });
});
