/** Bearer tokens on protected routes, verified against a real JWKS served over HTTP (test/helpers/auth.ts). */
import { Agent, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { createApp } from '../../../src/app.js';
import { problem } from '../../../src/core/errors/problem.js';
import { bearer, TestIssuer } from '../../helpers/auth.js';
import { guardedFeature } from '../../helpers/guarded-feature.js';
import { capturingLogger } from '../../helpers/logs.js';
import { testSettings } from '../../helpers/settings.js';

let issuer: TestIssuer;
let app: FastifyInstance;
const logs = capturingLogger();

beforeAll(async () => {
  issuer = await TestIssuer.start();
  app = createApp(
    testSettings(issuer.settings({ LOG_LEVEL: 'info', RATE_LIMIT_READ_MAX: '0', RATE_LIMIT_WRITE_MAX: '0' })),
    {
      features: [guardedFeature],
      logger: logs.logger,
    },
  );
  await app.ready();
});
afterAll(async () => {
  await app.close();
  await issuer.close();
});

const get = (url: string, token?: string) => app.inject({ url, headers: token === undefined ? {} : bearer(token) });

describe('a protected route', () => {
  it('answers 401 with a bare Bearer challenge and a problem document when no token is sent', async () => {
    const response = await get('/v1/things/');
    expect(response.statusCode).toBe(401);
    expect(response.headers['www-authenticate']).toBe('Bearer');
    expect(response.headers['content-type']).toBe('application/problem+json');
    expect(response.json()).toEqual(
      problem(401, 'This operation needs a bearer token (Authorization: Bearer <token>).'),
    );
  });

  it('treats another scheme (Basic) as no bearer token', async () => {
    const response = await app.inject({ url: '/v1/things/', headers: { authorization: 'Basic dXNlcjpwYXNz' } });
    expect(response.statusCode).toBe(401);
    expect(response.headers['www-authenticate']).toBe('Bearer');
  });

  it('serves a caller whose token has the scope, and knows the subject', async () => {
    const response = await get('/v1/things/', await issuer.token({ scope: 'openid things:read', subject: 'alice' }));
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ subject: 'alice' });
  });

  it('accepts scopes sent as an scp array', async () => {
    const response = await get('/v1/things/', await issuer.token({ scp: ['things:read'] }));
    expect(response.statusCode).toBe(200);
  });

  it('protects HEAD as it protects GET', async () => {
    expect((await app.inject({ method: 'HEAD', url: '/v1/things/' })).statusCode).toBe(401);
    const token = await issuer.token({ scope: 'things:read' });
    expect((await app.inject({ method: 'HEAD', url: '/v1/things/', headers: bearer(token) })).statusCode).toBe(200);
  });

  it('answers 403 insufficient_scope, naming the scope, for a valid token without it', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/v1/things/',
      headers: bearer(await issuer.token({ scope: 'things:read' })),
    });
    expect(response.statusCode).toBe(403);
    expect(response.headers['www-authenticate']).toBe('Bearer error="insufficient_scope", scope="things:write"');
    expect(response.json()).toEqual(problem(403, 'The token lacks the scope this operation needs: "things:write".'));
  });

  it('accepts any one of several alternatives in full, and no part of one', async () => {
    expect((await get('/v1/things/either', await issuer.token({ scope: 'a' }))).statusCode).toBe(200);
    expect((await get('/v1/things/either', await issuer.token({ scope: 'b c' }))).statusCode).toBe(200);
    expect((await get('/v1/things/either', await issuer.token({ scope: 'b' }))).statusCode).toBe(403);
  });

  it.each([
    ['expired', { ttlS: -60 }, 'The token has expired.'],
    ['not yet valid', { notBeforeS: 120 }, "The token's nbf claim is not accepted."],
    ['from another issuer', { issuer: 'https://elsewhere.example.com' }, "The token's iss claim is not accepted."],
    ['for another audience', { audience: 'another-api' }, "The token's aud claim is not accepted."],
    ['without a subject', { subject: null }, "The token's sub claim is not accepted."],
  ])('answers 401 invalid_token for a token %s', async (_case, options, reason) => {
    const response = await get('/v1/things/', await issuer.token({ scope: 'things:read', ...options }));
    expect(response.statusCode).toBe(401);
    expect(response.headers['www-authenticate']).toBe(`Bearer error="invalid_token", error_description="${reason}"`);
    expect(response.json()).toEqual(problem(401, reason));
  });

  it('allows the clock tolerance (10 s by default) on exp and nbf', async () => {
    expect((await get('/v1/things/', await issuer.token({ scope: 'things:read', ttlS: -5 }))).statusCode).toBe(200);
    expect((await get('/v1/things/', await issuer.token({ scope: 'things:read', notBeforeS: 5 }))).statusCode).toBe(
      200,
    );
  });

  it('never writes a token into the logs', async () => {
    const token = await issuer.token({ scope: 'things:read' });
    await get('/v1/things/', token);
    await get('/v1/things/', `${token}x`);
    await app.inject({ method: 'POST', url: '/v1/things/', headers: bearer(token) });
    const written = JSON.stringify(logs.lines);
    for (const part of token.split('.')) expect(written).not.toContain(part);
  });
});

describe('one keep-alive connection', () => {
  /** GET /v1/things/ with `token` through `agent`: the status, the subject and the client port of the socket. */
  function getOn(agent: Agent, port: number, token: string) {
    return new Promise<{ status: number; subject: unknown; localPort: number | undefined }>((resolve, reject) => {
      const sent = httpRequest(
        { host: '127.0.0.1', port, path: '/v1/things/', agent, headers: bearer(token) },
        (res) => {
          // Read now: once the answer has ended, the agent takes the socket back.
          const { localPort } = res.socket;
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (text += chunk));
          res.on('end', () => {
            const body = JSON.parse(text) as { subject?: unknown };
            resolve({ status: res.statusCode ?? 0, subject: body.subject, localPort });
          });
          res.on('error', reject);
        },
      );
      sent.on('error', reject);
      sent.end();
    });
  }

  it('judges every token it carries on its own, after one it kept', async () => {
    await app.listen({ host: '127.0.0.1', port: 0 });
    const { port } = app.server.address() as AddressInfo;
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const alice = await issuer.token({ scope: 'things:read', subject: 'alice' });
      const answers = [
        await getOn(agent, port, alice),
        await getOn(agent, port, alice), // kept by the connection from here on
        await getOn(agent, port, await issuer.token({ scope: 'things:read', subject: 'bob' })),
        await getOn(agent, port, await issuer.token({ scope: 'things:write', subject: 'alice' })),
        await getOn(agent, port, `${alice}x`),
        await getOn(agent, port, alice),
      ];
      expect(new Set(answers.map((answer) => answer.localPort)).size).toBe(1);
      expect(answers.map(({ status, subject }) => [status, subject])).toEqual([
        [200, 'alice'],
        [200, 'alice'],
        [200, 'bob'],
        [403, undefined],
        [401, undefined],
        [200, 'alice'],
      ]);
    } finally {
      agent.destroy();
    }
  });
});

describe('a public route', () => {
  it('serves without a token, and ignores one it does not need', async () => {
    expect((await get('/v1/things/public')).json()).toEqual({ subject: null });
    expect((await get('/v1/things/public', 'not-a-token')).statusCode).toBe(200);
    expect((await get('/livez')).statusCode).toBe(200);
    expect((await get('/readyz')).statusCode).toBe(200);
  });
});
