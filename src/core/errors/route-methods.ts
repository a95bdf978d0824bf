/**
 * Which methods a path answers, to tell 405 Method Not Allowed from 404 Not Found.
 * Fastify answers 404 for a known path with a wrong method; RFC 9110 (and FastAPI) answer 405 with `Allow`.
 * Fastify's router matches route patterns, not request paths, so a second find-my-way router, filled from
 * the onRoute hook with one entry per route pattern, maps a request path to the methods its routes take.
 *
 * The shadow router ignores trailing slashes: a route declared as `/` under a prefix answers with and
 * without the slash, and Fastify reports only some of those variants through onRoute.
 */
import type { FastifyInstance } from 'fastify';
import FindMyWay from 'find-my-way';

export interface RouteMethods {
  /** The methods that `path` (without its query string) answers, sorted; empty when no route matches. */
  allowed(path: string): readonly string[];
}

// The shadow router stores every pattern under one method: only the store (the method set) matters.
const PATTERN_METHOD = 'GET';
const ignoreHandler = (): void => undefined;

export function trackRouteMethods(app: FastifyInstance): RouteMethods {
  const router = FindMyWay({ ignoreTrailingSlash: true });
  const methodsByPattern = new Map<string, Set<string>>();

  app.addHook('onRoute', (route) => {
    const pattern = route.url.length > 1 && route.url.endsWith('/') ? route.url.slice(0, -1) : route.url;
    let methods = methodsByPattern.get(pattern);
    if (!methods) {
      methods = new Set<string>();
      methodsByPattern.set(pattern, methods);
      router.on(PATTERN_METHOD, pattern, ignoreHandler, methods);
    }
    for (const method of [route.method].flat()) methods.add(method);
  });

  return {
    allowed(path) {
      const methods = router.find(PATTERN_METHOD, path)?.store as Set<string> | undefined;
      return methods ? [...methods].sort() : [];
    },
  };
}
