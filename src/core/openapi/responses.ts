/**
 * The error responses every operation shares, as OpenAPI objects: one problem-document schema
 * (`#/components/schemas/Problem`, from problem.ts), the response headers the service sends, and one
 * response per standard status. Operations of rate-limited routes reference the shared responses under
 * `components.responses`; operations that are never rate-limited (the probes) get the same responses
 * inline, without the rate-limit headers, since no limit applies to them, and so do the operations of a
 * deprecated version, with its Deprecation, Sunset and Link headers.
 */
import { STATUS_CODES } from 'node:http';
import type { OpenAPIV3_1 } from 'openapi-types';
import type { DeprecationFacts } from '../features/deprecation.js';
import { OVERLOADED_DETAIL } from '../protection/load-shedding.js';
import { Problem, PROBLEM_CONTENT_TYPE, problem } from '../errors/problem.js';

type Components = OpenAPIV3_1.ComponentsObject;
type Response = OpenAPIV3_1.ResponseObject;
type Reference = OpenAPIV3_1.ReferenceObject;

export const PROBLEM_SCHEMA_REF = '#/components/schemas/Problem';

/** The fields the rate limiter sends (IETF draft-ietf-httpapi-ratelimit-headers; rate-limit/policy.ts). */
export const RATE_LIMIT_HEADERS = [
  'RateLimit-Policy',
  'RateLimit',
  'RateLimit-Limit',
  'RateLimit-Remaining',
  'RateLimit-Reset',
] as const;
const SPLIT_FIELD =
  "Deprecated: the split field of the draft's revisions up to 6, kept for released versions; read RateLimit.";
const COUNT = { type: 'integer', format: 'int32', minimum: 0, maximum: 1_000_000_000 } as const;
const RETRY_AFTER = 'Retry-After';
const ALLOW_ORIGIN = 'Access-Control-Allow-Origin';
const DEPRECATION = 'Deprecation';
const SUNSET = 'Sunset';
const LINK = 'Link';
/** What a deprecated version's operations document because of the deprecation, beside their own responses. */
export const DEPRECATION_HEADERS: readonly string[] = [DEPRECATION, SUNSET, LINK];
export const GONE_STATUS = '410';

const SECONDS = { type: 'integer', format: 'int32', minimum: 0, maximum: 86_400 } as const;
/** A policy name as an sf-string, then its parameters: what rate-limit/policy.ts writes. */
const POLICY_ITEM = '"[a-z]{1,32}";q=[0-9]{1,10};w=[0-9]{1,5}';

const HEADERS: Readonly<Record<string, OpenAPIV3_1.HeaderObject>> = {
  [ALLOW_ORIGIN]: {
    description: 'The calling origin, echoed only when it is in CORS_ORIGINS (absent otherwise).',
    schema: { type: 'string', format: 'uri', maxLength: 2048 },
  },
  [RETRY_AFTER]: {
    description: 'Seconds to wait before trying again.',
    schema: SECONDS,
  },
  'RateLimit-Policy': {
    description:
      'The quota policies that apply to this operation (IETF draft-ietf-httpapi-ratelimit-headers), a structured-field ' +
      'list: each policy\'s name, its quota q and its window w in seconds. "read" and "write" count per caller (the ' +
      'token\'s subject, else the client address); protected operations also list "unauthenticated", which counts ' +
      'per client address the requests without a token verified before.',
    schema: { type: 'string', maxLength: 256, pattern: `^${POLICY_ITEM}(, ${POLICY_ITEM})*$` },
    example: '"read";q=600;w=60, "unauthenticated";q=60;w=60',
  },
  RateLimit: {
    description:
      'The policy this request counted in (IETF draft-ietf-httpapi-ratelimit-headers), a structured field: its name, ' +
      'r requests left and t seconds until its window ends.',
    schema: { type: 'string', maxLength: 64, pattern: '^"[a-z]{1,32}";r=[0-9]{1,10};t=[0-9]{1,5}$' },
    example: '"read";r=599;t=42',
  },
  'RateLimit-Limit': {
    description: `The quota of the policy counted in. ${SPLIT_FIELD}`,
    deprecated: true,
    schema: COUNT,
  },
  'RateLimit-Remaining': {
    description: `Requests left in the policy counted in. ${SPLIT_FIELD}`,
    deprecated: true,
    schema: COUNT,
  },
  'RateLimit-Reset': {
    description: `Seconds until its window ends. ${SPLIT_FIELD}`,
    deprecated: true,
    schema: SECONDS,
  },
  [DEPRECATION]: {
    description: 'This version is deprecated (RFC 9745): since when, as @ and seconds since the Unix epoch.',
    schema: { type: 'string', pattern: '^@[0-9]+$', maxLength: 21 },
  },
  [SUNSET]: {
    description: 'When this version stops answering (RFC 8594), an HTTP-date; from then on it answers 410 Gone.',
    // IMF-fixdate, the HTTP-date a server sends (RFC 9110, section 5.6.7).
    schema: {
      type: 'string',
      pattern: '^[A-Z][a-z]{2}, [0-9]{2} [A-Z][a-z]{2} [0-9]{4} [0-9]{2}:[0-9]{2}:[0-9]{2} GMT$',
      maxLength: 29,
    },
  },
  [LINK]: {
    description: 'The newest version of this feature: <path>; rel="successor-version" (RFC 5829).',
    schema: { type: 'string', pattern: '^<[^>]+>; rel="successor-version"$', maxLength: 2048 },
  },
};

interface StandardError {
  /** The key under components.responses. */
  readonly name: string;
  readonly description: string;
  readonly example: string;
  /** Headers every such response carries (Retry-After), beside the optional ones. */
  readonly required?: readonly string[];
}

/** The statuses the service answers from its core (not from a feature's own logic), with an example each. */
export const STANDARD_ERRORS: Readonly<Record<number, StandardError>> = {
  400: {
    name: 'BadRequest',
    description: 'The request is malformed (its URL, headers or body) or fails validation.',
    example: 'The request URL is malformed.',
  },
  404: { name: 'NotFound', description: 'Nothing exists at this path.', example: 'No resource at this path.' },
  410: {
    name: 'Gone',
    description: 'This version was retired on its Sunset date; call its successor (the Link header) instead.',
    example: 'This version was retired; use its successor.',
  },
  413: {
    name: 'ContentTooLarge',
    description: 'The request body is larger than BODY_LIMIT_BYTES.',
    example: 'Request body is too large',
  },
  414: {
    name: 'UriTooLong',
    description: 'The request target (path and query) is longer than 8000 octets.',
    example: 'The request target is longer than 8000 octets.',
  },
  415: {
    name: 'UnsupportedMediaType',
    description: "The request body's Content-Type is not one the operation reads.",
    example: 'Unsupported Media Type',
  },
  429: {
    name: 'TooManyRequests',
    description: 'The client has made too many requests; retry after Retry-After seconds.',
    example: 'Rate limit exceeded; retry later.',
    required: [RETRY_AFTER],
  },
  500: {
    name: 'InternalServerError',
    description: 'An unexpected failure; logged in full, never detailed to the caller.',
    example: 'The server could not complete the request.',
  },
  503: {
    name: 'ServiceUnavailable',
    description: 'The service is overloaded or a dependency is unreachable; retry after Retry-After seconds.',
    example: OVERLOADED_DETAIL,
    required: [RETRY_AFTER],
  },
};

/** The Problem schema as JSON (TypeBox's own markers are symbols, which JSON leaves out). */
export function problemSchema(): OpenAPIV3_1.SchemaObject {
  return JSON.parse(JSON.stringify(Problem)) as OpenAPIV3_1.SchemaObject;
}

export function problemExample(status: number, detail: string): OpenAPIV3_1.ExampleObject {
  return { summary: detail, value: problem(status, detail) };
}

/** What decides the headers of an operation's responses. */
export interface HeaderFacts {
  readonly rateLimited: boolean;
  readonly deprecation?: DeprecationFacts | undefined;
  /** Headers every response of this status carries, spelled out with `required: true`. */
  readonly required?: readonly string[];
}

/**
 * The headers a response of `status` documents: CORS always, Retry-After and rate limits where they apply,
 * and a deprecated version's headers, sure on its successes and its 410 (other errors may come from the
 * core before the version's own hook runs, so there they are only possible).
 */
export function responseHeaders(
  components: Components,
  status: string,
  { rateLimited, deprecation, required = [] }: HeaderFacts,
): Record<string, Reference | OpenAPIV3_1.HeaderObject> {
  const names = [ALLOW_ORIGIN];
  const sure = [...required];
  if (status === '429' || status === '503') names.push(RETRY_AFTER);
  if (rateLimited && /^[24]/.test(status)) names.push(...RATE_LIMIT_HEADERS);
  if (deprecation) {
    const own = [DEPRECATION, ...(deprecation.sunset ? [SUNSET] : []), ...(deprecation.successor ? [LINK] : [])];
    names.push(...own);
    if (/^[23]/.test(status) || status === GONE_STATUS) sure.push(...own);
  }
  const headers: Record<string, Reference | OpenAPIV3_1.HeaderObject> = {};
  for (const name of names) {
    const header = HEADERS[name] as OpenAPIV3_1.HeaderObject;
    if (sure.includes(name)) {
      // A required header cannot share the optional component: it is spelled out with `required`.
      headers[name] = { ...header, required: true };
      continue;
    }
    components.headers ??= {};
    components.headers[name] ??= header;
    headers[name] = { $ref: `#/components/headers/${name}` };
  }
  return headers;
}

/** A problem-document response: the shared schema, the given examples, the headers of its status. */
export function problemResponse(
  components: Components,
  status: string,
  description: string,
  examples: Record<string, OpenAPIV3_1.ExampleObject>,
  options: HeaderFacts,
): Response {
  return {
    description,
    headers: responseHeaders(components, status, options),
    content: {
      [PROBLEM_CONTENT_TYPE]: {
        schema: { $ref: PROBLEM_SCHEMA_REF },
        ...(Object.keys(examples).length > 0 ? { examples } : {}),
      },
    },
  };
}

/**
 * The standard response for `status`: a reference to the shared one for rate-limited operations of current
 * versions, inline for the others.
 */
export function standardResponse(
  components: Components,
  status: number,
  facts: Omit<HeaderFacts, 'required'>,
): Response | Reference {
  const standard = STANDARD_ERRORS[status];
  if (!standard) throw new Error(`no standard response for status ${status}`);
  const build = (): Response =>
    problemResponse(
      components,
      String(status),
      `${STATUS_CODES[status] ?? 'Error'}: ${standard.description}`,
      { [standard.name]: problemExample(status, standard.example) },
      { ...facts, required: standard.required ?? [] },
    );
  if (!facts.rateLimited || facts.deprecation) return build();
  components.responses ??= {};
  components.responses[standard.name] ??= build();
  return { $ref: `#/components/responses/${standard.name}` };
}
