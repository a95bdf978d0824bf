/**
 * What every operation of every document says without its feature writing it: an `operationId`, and a
 * response for each status the core can answer for it (see STANDARD_ERRORS), all as problem documents.
 * Done here, once, so a feature the builder makes tomorrow is documented like today's.
 *
 * Which statuses apply: 400 (a malformed URL, header or body), 413 (a body past BODY_LIMIT_BYTES,
 * refused on every route), 414 (a URL past 8000 octets, request-guard.ts) and 500 to every operation; 404 where the path has parameters (no such item);
 * 415 where the operation reads a body; 429 where the route is rate-limited (not the probes); 503 where the
 * route can be shed under load (all but the liveness probe); 410 where the version has a sunset (deprecation.ts),
 * whose operations also document the Deprecation, Sunset and Link headers. 405 is not an answer of any documented
 * operation: it is what a method the document does not list gets, with an `Allow` header naming the ones it does.
 */
import { STATUS_CODES } from 'node:http';
import type { OpenAPIV3_1 } from 'openapi-types';
import type { DeprecationFacts } from '../features/deprecation.js';
import { requireListedHeaders } from './parameters.js';
import { problemExample, problemResponse, responseHeaders, STANDARD_ERRORS, standardResponse } from './responses.js';

type Components = OpenAPIV3_1.ComponentsObject;

/** The vendor key under which openapi.ts hands each operation's route facts over (removed from the output). */
export const ROUTE_FACTS = 'x-petsage-route';

export interface RouteFacts {
  /** Whether load shedding can answer 503 for it. */
  readonly shedLoad: boolean;
  /** Whether the rate limiter applies to it (429 and the RateLimit headers). */
  readonly rateLimited: boolean;
  /** Set when its version is deprecated. */
  readonly deprecation?: DeprecationFacts;
}

export interface OperationContext {
  readonly components: Components;
  /** The version's path prefix (`/v1`) and number, for operation ids. */
  readonly prefix: string;
  readonly version: number;
}

type Operation = OpenAPIV3_1.OperationObject & { [ROUTE_FACTS]?: RouteFacts };

const DEFAULT_DESCRIPTION = 'Default Response';

export function applicableStatuses(path: string, operation: OpenAPIV3_1.OperationObject, facts: RouteFacts): number[] {
  const statuses = [400, 413, 414, 500];
  if (path.includes('{')) statuses.push(404);
  if (operation.requestBody) statuses.push(415);
  if (facts.rateLimited) statuses.push(429);
  if (facts.shedLoad) statuses.push(503);
  if (facts.deprecation?.sunset === true) statuses.push(410);
  return statuses.sort((a, b) => a - b);
}

const pascal = (text: string): string =>
  text
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((word) => `${word.charAt(0).toUpperCase()}${word.slice(1)}`)
    .join('');

/**
 * A stable id from the method and path: `GET /v1/smoke_test/` is `getSmokeTestV1`, `GET /v1/pets/{id}`
 * `getPetsByIdV1`, `GET /livez` `getLivez`. The version prefix itself (API_V1_STR) does not enter it.
 */
export function deriveOperationId(method: string, path: string, prefix: string, version: number): string {
  const versioned = path === prefix || path.startsWith(`${prefix}/`);
  const rest = versioned ? path.slice(prefix.length) : path;
  const words = rest
    .split('/')
    .filter(Boolean)
    .map((segment) => (segment.startsWith('{') ? `By${pascal(segment)}` : pascal(segment)));
  return `${method.toLowerCase()}${words.join('')}${versioned ? `V${version}` : ''}`;
}

/** A response the route declared for an error status, turned into a problem document with the standard parts. */
function declaredProblem(
  components: Components,
  status: string,
  declared: OpenAPIV3_1.ResponseObject,
  facts: RouteFacts,
  applies: boolean,
): OpenAPIV3_1.ResponseObject {
  const standard = STANDARD_ERRORS[Number(status)];
  const examples: Record<string, OpenAPIV3_1.ExampleObject> = {};
  for (const media of Object.values(declared.content ?? {})) {
    const value = media.example as { detail?: unknown } | undefined;
    if (value) examples.declared = { summary: String(value.detail), value };
  }
  // The core can answer this status too (load shedding's 503 on /readyz): its example is shown beside.
  if (standard && applies) examples[standard.name] = problemExample(Number(status), standard.example);
  const phrase = STATUS_CODES[Number(status)] ?? 'Error';
  const description =
    declared.description && declared.description !== DEFAULT_DESCRIPTION
      ? declared.description
      : `${phrase}: ${standard?.description ?? phrase}`;
  const response = problemResponse(components, status, description, examples, facts);
  // Headers the route declares for this status (Retry-After of an idempotent POST's 409) are kept beside.
  return declared.headers === undefined
    ? response
    : { ...response, headers: { ...response.headers, ...declared.headers } };
}

export function conformOperation(method: string, path: string, operation: Operation, context: OperationContext): void {
  const { components } = context;
  const facts = operation[ROUTE_FACTS] ?? { shedLoad: true, rateLimited: true };
  Reflect.deleteProperty(operation, ROUTE_FACTS);
  operation.operationId ??= deriveOperationId(method, path, context.prefix, context.version);
  requireListedHeaders(operation);

  const applicable = applicableStatuses(path, operation, facts);
  const responses: OpenAPIV3_1.ResponsesObject = {};
  for (const [status, declared] of Object.entries(operation.responses ?? {}) as [
    string,
    OpenAPIV3_1.ResponseObject,
  ][]) {
    responses[status] = /^[45]/.test(status)
      ? declaredProblem(components, status, declared, facts, applicable.includes(Number(status)))
      : { ...declared, headers: { ...responseHeaders(components, status, facts), ...declared.headers } };
  }
  for (const status of applicable) {
    if (!(status in responses)) responses[status] = standardResponse(components, status, facts);
  }
  operation.responses = Object.fromEntries(
    Object.entries(responses)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([status, response]) => [
        status,
        method === 'head' && status.startsWith('2') ? withoutBody(response) : response,
      ]),
  );
}

/**
 * A HEAD success is its GET's status and headers with no body (RFC 9110, 9.3.2), so it names no content. Its
 * errors keep their problem documents: the linters' error rules ask for them, and a client reads the status.
 */
function withoutBody(response: OpenAPIV3_1.ResponseObject | OpenAPIV3_1.ReferenceObject) {
  if ('$ref' in response) return response;
  const headersOnly = { ...response };
  delete headersOnly.content;
  return headersOnly;
}
