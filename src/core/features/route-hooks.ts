/**
 * Edits of a route's options from an onRoute hook, shared by the plugins that guard routes.
 * Each makes new objects rather than changing the old ones: Fastify's HEAD twin of a GET route is made
 * from a shallow copy of the GET route's options, so a change in place would reach both, twice.
 */
import type { onRequestHookHandler, onRequestAsyncHookHandler, RouteOptions } from 'fastify';

type OnRequestHook = onRequestHookHandler | onRequestAsyncHookHandler;

const onRequestHooks = (route: RouteOptions): OnRequestHook[] =>
  route.onRequest === undefined ? [] : [route.onRequest].flat();

/** Runs `hook` after the route's own onRequest hooks and those added so far. */
export function appendOnRequest(route: RouteOptions, hook: OnRequestHook): void {
  route.onRequest = [...onRequestHooks(route), hook];
}

/** Runs `hook` before the route's other onRequest hooks (the app-wide ones still run first). */
export function prependOnRequest(route: RouteOptions, hook: OnRequestHook): void {
  route.onRequest = [hook, ...onRequestHooks(route)];
}

/** Documents responses the guard may send, unless the route is hidden or already documents that status. */
export function documentResponses(route: RouteOptions, responses: Record<number, unknown>): void {
  if (!route.schema || route.schema.hide === true) return;
  route.schema = { ...route.schema, response: { ...responses, ...(route.schema.response as object | undefined) } };
}
