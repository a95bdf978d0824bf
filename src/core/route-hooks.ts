/**
 * Edits of a route's options from an onRoute hook, shared by the plugins that guard routes.
 * Each makes new objects rather than changing the old ones: Fastify's HEAD twin of a GET route is made
 * from a shallow copy of the GET route's options, so a change in place would reach both, twice.
 */
import type { onRequestHookHandler, onRequestAsyncHookHandler, RouteOptions } from 'fastify';

export function appendOnRequest(route: RouteOptions, hook: onRequestHookHandler | onRequestAsyncHookHandler): void {
  const existing = route.onRequest === undefined ? [] : [route.onRequest].flat();
  route.onRequest = [...existing, hook];
}

/** Documents responses the guard may send, unless the route is hidden or already documents that status. */
export function documentResponses(route: RouteOptions, responses: Record<number, unknown>): void {
  if (!route.schema || route.schema.hide === true) return;
  route.schema = { ...route.schema, response: { ...responses, ...(route.schema.response as object | undefined) } };
}
