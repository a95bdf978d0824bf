/** Reading a route's OpenAPI security declaration into what the guard checks. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../../src/app.js';
import { isSatisfied, scopeRequirement } from '../../../src/core/auth/requirement.js';
import { testSettings } from '../../helpers/settings.js';

describe('scopeRequirement', () => {
  it('makes a route public for no declaration, [] or an anonymous alternative {}', () => {
    expect(scopeRequirement('GET /', undefined)).toBeNull();
    expect(scopeRequirement('GET /', [])).toBeNull();
    expect(scopeRequirement('GET /', [{ bearerAuth: ['a'] }, {}])).toBeNull();
  });

  it('keeps each alternative, and a bearer requirement without scopes', () => {
    expect(scopeRequirement('GET /', [{ bearerAuth: ['a', 'b'] }, { bearerAuth: ['c'] }])).toEqual([['a', 'b'], ['c']]);
    expect(scopeRequirement('GET /', [{ bearerAuth: [] }])).toEqual([[]]);
  });

  it('refuses a scheme the service does not have', () => {
    expect(() => scopeRequirement('GET /x', [{ apiKey: [] }])).toThrow(
      'Route GET /x declares security scheme "apiKey"; the only scheme is "bearerAuth".',
    );
  });

  it('stops the app from starting with a route that names an unknown scheme', async () => {
    const router: FastifyPluginAsyncTypebox = async (app) => {
      app.get('/', { schema: { security: [{ apiKey: [] }] } }, async () => ({}));
    };
    const app = createApp(testSettings(), { features: [{ name: 'odd', version: 1, router }] });
    await expect(app.ready()).rejects.toThrow('declares security scheme "apiKey"');
  });
});

describe('isSatisfied', () => {
  it('needs every scope of one alternative', () => {
    const scopes = new Set(['a', 'b']);
    expect(isSatisfied([['a', 'b']], scopes)).toBe(true);
    expect(isSatisfied([['a', 'c'], ['b']], scopes)).toBe(true);
    expect(isSatisfied([['c']], scopes)).toBe(false);
    expect(isSatisfied([[]], new Set())).toBe(true);
  });
});
