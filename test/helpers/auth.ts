/**
 * A real identity provider for tests: an HTTP server on 127.0.0.1 (a free port) that serves an OpenID
 * discovery document and a JWKS, and mints tokens signed with its current key, so tests exercise the
 * service's production verification path (fetch, cache, rotation) rather than a stand-in.
 *
 * `mode` makes the JWKS misbehave: answer 500, answer garbage, or never answer (until close()).
 * `rotate()` replaces the signing key: the JWKS then publishes only the new one.
 */
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { exportJWK, exportSPKI, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import { perTestFile } from './per-test-file.js';

export const TEST_AUDIENCE = 'petsage-test-api';
const ALGORITHM = 'RS256';

export type JwksMode = 'ok' | 'error' | 'garbage' | 'slow';

export interface TokenOptions {
  /** The `scope` claim (space-separated); omitted when undefined. */
  scope?: string;
  /** The `scp` claim, an array, as some providers send scopes. */
  scp?: string[];
  subject?: string | null;
  /** Seconds until expiry; negative for a token that has expired. */
  ttlS?: number;
  /** Seconds from now before which the token is not valid. */
  notBeforeS?: number;
  issuer?: string;
  audience?: string;
  /** A key id other than the signing key's own. */
  kid?: string;
}

interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
  publicKey: CryptoKey;
  publicJwk: JWK;
}

async function signingKey(kid: string): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair(ALGORITHM, { extractable: true });
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: ALGORITHM, use: 'sig' };
  return { kid, privateKey, publicKey, publicJwk };
}

export class TestIssuer {
  mode: JwksMode = 'ok';
  /** JWKS requests answered or held so far. */
  jwksRequests = 0;
  /** The `traceparent` header of each JWKS request (undefined where none came). */
  readonly jwksTraceparents: (string | undefined)[] = [];
  private generation = 0;
  private held: ServerResponse[] = [];

  private constructor(
    private readonly server: Server,
    readonly issuer: string,
    private key: SigningKey,
  ) {}

  static async start(): Promise<TestIssuer> {
    const server = createServer();
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as AddressInfo;
    const issuer = new TestIssuer(server, `http://127.0.0.1:${port}`, await signingKey('key-0'));
    server.on('request', (request: IncomingMessage, response: ServerResponse) => {
      issuer.answer(request, response);
    });
    return issuer;
  }

  get jwksUrl(): string {
    return `${this.issuer}/jwks.json`;
  }

  /** The settings that make the service trust this issuer (its JWKS found by discovery unless given). */
  settings(extra: Record<string, string> = {}): Record<string, string> {
    return { AUTH_ISSUER: this.issuer, AUTH_AUDIENCE: TEST_AUDIENCE, ...extra };
  }

  /** The current public key as PEM: what an attacker has, and tries as an HMAC secret. */
  async publicKeyPem(): Promise<string> {
    return exportSPKI(this.key.publicKey);
  }

  async token(options: TokenOptions = {}): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    const claims: Record<string, unknown> = {};
    if (options.scope !== undefined) claims.scope = options.scope;
    if (options.scp !== undefined) claims.scp = options.scp;
    const jwt = new SignJWT(claims)
      .setProtectedHeader({ alg: ALGORITHM, kid: options.kid ?? this.key.kid, typ: 'JWT' })
      .setIssuer(options.issuer ?? this.issuer)
      .setAudience(options.audience ?? TEST_AUDIENCE)
      .setIssuedAt(now)
      .setExpirationTime(now + (options.ttlS ?? 300));
    if (options.subject !== null) jwt.setSubject(options.subject ?? 'user-1');
    if (options.notBeforeS !== undefined) jwt.setNotBefore(now + options.notBeforeS);
    return jwt.sign(this.key.privateKey);
  }

  /** A new signing key; the JWKS publishes only it from now on. */
  async rotate(): Promise<void> {
    this.generation += 1;
    this.key = await signingKey(`key-${this.generation}`);
  }

  async close(): Promise<void> {
    for (const response of this.held) response.destroy();
    this.server.closeAllConnections();
    this.server.close();
    await once(this.server, 'close');
  }

  private answer(request: IncomingMessage, response: ServerResponse): void {
    const json = (body: unknown) => {
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    };
    if (request.url === '/.well-known/openid-configuration') {
      json({ issuer: this.issuer, jwks_uri: this.jwksUrl });
      return;
    }
    if (request.url !== '/jwks.json') {
      response.writeHead(404).end();
      return;
    }
    this.jwksRequests += 1;
    this.jwksTraceparents.push(request.headers.traceparent?.toString());
    if (this.mode === 'ok') json({ keys: [this.key.publicJwk] });
    else if (this.mode === 'error') response.writeHead(500).end();
    else if (this.mode === 'garbage') response.writeHead(200, { 'content-type': 'application/json' }).end('{"keys": [');
    else this.held.push(response);
  }
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/**
 * The app as a caller holding `token` sees it: every `inject` sends the token unless the request sets
 * its own Authorization header. Everything else is the app itself.
 */
export function asCaller(app: FastifyInstance, token: string): FastifyInstance {
  const inject = (options: InjectOptions | string) => {
    const request = typeof options === 'string' ? { url: options } : options;
    return app.inject({ ...request, headers: { ...bearer(token), ...request.headers } });
  };
  return new Proxy(app, {
    get(target, property) {
      if (property === 'inject') return inject;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/** A test issuer for the calling test file: started in beforeAll, closed in afterAll. */
export function useTestIssuer(): Pick<TestIssuer, 'settings' | 'token'> {
  const current = perTestFile(
    'useTestIssuer()',
    () => TestIssuer.start(),
    (issuer) => issuer.close(),
  );
  return {
    settings: (extra) => current().settings(extra),
    token: (options) => current().token(options),
  };
}
