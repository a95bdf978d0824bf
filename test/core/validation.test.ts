/**
 * Validation errors on any route of the app: a 400 problem document with one `errors` entry per invalid
 * field (where it is, a JSON pointer, and what is wrong), bodies taken as they are (no coercion, no silent
 * removal of unknown fields), the path and query still read from text.
 */
import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { buildValidator } from '../../src/core/errors/validation.js';
import type { FeatureModule } from '../../src/core/features/feature.js';
import { testSettings } from '../helpers/settings.js';

const echo: FeatureModule = {
  name: 'echo',
  version: 1,
  router: async (app) => {
    app.post(
      '/:id',
      {
        schema: {
          params: Type.Object({ id: Type.Integer({ minimum: 1 }) }),
          querystring: Type.Object({ verbose: Type.Optional(Type.Boolean()), score: Type.Optional(Type.Number()) }),
          body: Type.Object(
            {
              name: Type.String({ maxLength: 3 }),
              age: Type.Integer(),
              kind: Type.Enum(['dog', 'cat']),
              note: Type.Optional(Type.Union([Type.String(), Type.Null()])),
              'a/b': Type.Optional(Type.String()),
            },
            { additionalProperties: false },
          ),
        },
      },
      async (request) => ({ params: request.params, query: request.query, body: request.body }),
    );
  },
};

let app: FastifyInstance;

beforeAll(async () => {
  app = createApp(testSettings(), { features: [echo] });
  await app.ready();
});

afterAll(() => app.close());

const valid = { name: 'Rex', age: 3, kind: 'dog' };
const post = (url: string, payload: unknown) => app.inject({ method: 'POST', url, payload: payload as object });

describe('validation errors', () => {
  it('list every invalid field of a body once, each with its pointer and what is wrong', async () => {
    const response = await post('/v1/echo/1', { name: 'Rexy', age: '3', kind: 'cow', note: 5, extra: true, 'a/b': 1 });

    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toBe('application/problem+json');
    const problem = response.json<{ status: number; detail: string; errors: unknown[] }>();
    expect(problem.status).toBe(400);
    expect(problem.errors).toEqual(
      expect.arrayContaining([
        { in: 'body', pointer: '/name', detail: 'must NOT have more than 3 characters' },
        { in: 'body', pointer: '/age', detail: 'must be integer' },
        { in: 'body', pointer: '/kind', detail: 'must be one of: dog, cat' },
        { in: 'body', pointer: '/note', detail: 'must be string or must be null' },
        { in: 'body', pointer: '/extra', detail: 'is not a known field' },
        { in: 'body', pointer: '/a~1b', detail: 'must be string' },
      ]),
    );
    expect(problem.errors).toHaveLength(6);
    expect(problem.detail).toContain('/name must NOT have more than 3 characters');
  });

  it('name each missing required field', async () => {
    const response = await post('/v1/echo/1', {});
    expect(response.json<{ errors: { pointer: string; detail: string }[] }>().errors).toEqual([
      { in: 'body', pointer: '/name', detail: 'is required' },
      { in: 'body', pointer: '/age', detail: 'is required' },
      { in: 'body', pointer: '/kind', detail: 'is required' },
    ]);
  });

  it('point at the whole body when it is not an object', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/v1/echo/1',
      headers: { 'content-type': 'application/json' },
      payload: '"text"',
    });
    expect(response.json<{ errors: unknown[] }>().errors).toEqual([
      { in: 'body', pointer: '', detail: 'must be object' },
    ]);
  });

  it('say which part of the request holds the value: path, then query', async () => {
    const path = await post('/v1/echo/0', valid);
    expect(path.json<{ errors: unknown[] }>().errors).toEqual([{ in: 'path', pointer: '/id', detail: 'must be >= 1' }]);
    const query = await post('/v1/echo/1?verbose=maybe', valid);
    expect(query.json<{ errors: unknown[] }>().errors).toEqual([
      { in: 'query', pointer: '/verbose', detail: 'must be boolean' },
    ]);
  });

  it('refuse a number that coercion made infinite, which PostgreSQL cannot store, and keep a finite one', async () => {
    const infinite = await post('/v1/echo/1?score=1e400', valid);
    expect(infinite.statusCode).toBe(400);
    expect(infinite.json<{ errors: unknown[] }>().errors).toEqual([
      { in: 'query', pointer: '/score', detail: 'must be a finite number' },
    ]);
    const finite = await post('/v1/echo/1?score=1e300', valid);
    expect(finite.statusCode).toBe(200);
    expect(finite.json<{ query: unknown }>().query).toEqual({ score: 1e300 });
  });

  it('still read the path and the query from text, and take a valid body as it is', async () => {
    const response = await post('/v1/echo/7?verbose=true', { ...valid, note: null });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ params: { id: 7 }, query: { verbose: true }, body: { ...valid, note: null } });
  });
});

describe('buildValidator', () => {
  it('compiles a schema when its route is first called, not when the route is registered', () => {
    const validatorFor = buildValidator({}, {});
    const validate = validatorFor({ schema: { $ref: 'missing.json#' }, method: 'POST', url: '/x', httpPart: 'body' });
    expect(() => validate({})).toThrow(/missing\.json/);
  });
});
