/**
 * Bearer-token authentication and scope checks, driven by each route's OpenAPI `security` declaration
 * (read once, when the route is registered): a protected route gets one onRequest hook, before the body
 * is read, that verifies the token and its scopes; a public route gets nothing and pays nothing.
 * `request.principal` holds the verified caller. `app.authentication` tells the rate limiter, which runs
 * before this guard, which routes it guards and which caller a token names if it was verified before.
 *
 * With AUTH_REQUIRED=false no route is checked (a gateway in front authenticates). In production, a
 * service with protected routes and no AUTH_ISSUER refuses to start: it would otherwise refuse every call.
 */
import type { FastifyInstance, FastifyRequest, onRequestHookHandler, RouteOptions } from 'fastify';
import fp from 'fastify-plugin';
import { SettingsError, type Settings } from '../../config.js';
import { problemResponses } from '../errors/problem.js';
import { appendOnRequest, documentResponses } from '../features/route-hooks.js';
import { bearerToken, presentedToken } from './bearer-token.js';
import { AuthRefusal, insufficientScope } from './challenge.js';
import { keySource } from './key-source.js';
import { isSatisfied, scopeRequirement, type ScopeRequirement } from './requirement.js';
import { createVerifier, type Principal } from './verifier.js';
import type { Verifier } from './verified-tokens.js';

/** What authentication tells the plugins that run before its guard (the rate limiter). */
export interface AuthenticationFacts {
  /** Whether the route gets the token guard (a protected route, with verification on). */
  readonly guards: (route: RouteOptions) => boolean;
  /**
   * The caller named by the request's token if that token was verified before; never verifies. Looked up
   * once per request: the rate limiter asks first, then the token guard gets the same answer.
   */
  readonly knownCaller: (request: FastifyRequest) => Principal | undefined;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The verified caller of a protected route; null on public routes. */
    principal: Principal | null;
    /** What knownCaller found for this request: undefined until asked, null for none. */
    knownCaller: Principal | null | undefined;
  }
  interface FastifyInstance {
    authentication: AuthenticationFacts;
  }
}

export interface AuthenticationOptions {
  settings: Settings;
}

/**
 * The token guard of a protected route. A token verified before is admitted synchronously, with no
 * promise on the way (a client sends the same token on every request, so this is the hot path); any
 * other is checked for shape, verified, then remembered by the verifier.
 */
function guard(
  verifier: Verifier,
  knownCaller: AuthenticationFacts['knownCaller'],
  requirement: Exclude<ScopeRequirement, null>,
): onRequestHookHandler {
  return function authenticate(request, reply, done) {
    const refuse = (error: unknown): void => {
      if (error instanceof AuthRefusal) reply.header('www-authenticate', error.challenge);
      done(error as Error);
    };
    const admit = (principal: Principal): void => {
      if (!isSatisfied(requirement, principal.scopes)) {
        refuse(insufficientScope(requirement));
        return;
      }
      request.principal = principal;
      done();
    };
    const known = knownCaller(request);
    if (known) {
      admit(known);
      return;
    }
    let token: string;
    try {
      token = bearerToken(request.headers.authorization);
    } catch (error) {
      refuse(error);
      return;
    }
    verifier.verify(token).then(admit, refuse);
  };
}

export const authentication = fp<AuthenticationOptions>(
  async (app: FastifyInstance, { settings }) => {
    app.decorateRequest('principal', null);
    app.decorateRequest('knownCaller', undefined);
    const source = settings.AUTH_REQUIRED ? keySource(settings, app.log) : undefined;
    const verifier =
      source &&
      createVerifier({
        issuer: source.issuer,
        audience: settings.AUTH_AUDIENCE,
        clockToleranceS: settings.AUTH_CLOCK_TOLERANCE_S,
        keys: source.keys,
        cache: { ttlMs: settings.AUTH_TOKEN_CACHE_TTL_MS, maxBytes: settings.AUTH_TOKEN_CACHE_MB * 1024 * 1024 },
      });
    const protectedRoutes = new Set<string>();
    const requirementOf = (route: RouteOptions): ScopeRequirement =>
      scopeRequirement(`${String(route.method)} ${route.url}`, route.schema?.security);
    const knownCaller: AuthenticationFacts['knownCaller'] = (request) => {
      if (request.knownCaller === undefined) {
        const token = presentedToken(request.headers.authorization);
        request.knownCaller = (token === undefined ? undefined : verifier?.known(token, request.raw.socket)) ?? null;
      }
      return request.knownCaller ?? undefined;
    };
    app.decorate('authentication', {
      guards: (route) => verifier !== undefined && requirementOf(route) !== null,
      knownCaller,
    } satisfies AuthenticationFacts);

    app.addHook('onRoute', (route) => {
      const requirement = requirementOf(route);
      if (requirement === null) return;
      protectedRoutes.add(`${String(route.method)} ${route.url}`);
      if (verifier) appendOnRequest(route, guard(verifier, knownCaller, requirement));
      documentResponses(
        route,
        problemResponses({
          401: 'No bearer token, or one that is malformed, expired or not from the issuer (WWW-Authenticate says which).',
          403: 'The token lacks the scope this operation needs (WWW-Authenticate names it).',
        }),
      );
    });

    app.addHook('onReady', async () => {
      if (protectedRoutes.size === 0) return;
      if (!settings.AUTH_REQUIRED) {
        app.log.warn(
          { routes: protectedRoutes.size },
          'auth: AUTH_REQUIRED=false, protected routes are served to anyone',
        );
      } else if (!source) {
        throw new SettingsError(
          'AUTH_ISSUER',
          `Invalid setting AUTH_ISSUER="": expected the token issuer's URL, since NODE_ENV=production and operations such as ${[...protectedRoutes][0] ?? ''} require a bearer token.`,
        );
      }
    });
  },
  { name: 'authentication' },
);
