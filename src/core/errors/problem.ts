/**
 * The API's one error format: RFC 9457 problem details, served as `application/problem+json`.
 * `detail` keeps the field name FastAPI's errors use, so callers of the original service read it unchanged.
 */
import { STATUS_CODES } from 'node:http';
import type { FastifyReply } from 'fastify';
import Type from 'typebox';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** Bounds of the document's text, stated in its schema (OpenAPI linters and clients read them). */
export const PROBLEM_DETAIL_MAX_LENGTH = 1024;
// One line of printable text: what a problem's texts are, once problem() has cleaned them.
const ONE_LINE = '^[^\\u0000-\\u001F\\u007F]*$';
// eslint-disable-next-line no-control-regex -- control characters are exactly what it removes
const CONTROL_CHARACTERS = /[\u0000-\u001F\u007F]/g;

/** A problem lists at most this many invalid fields (a body of thousands of unknown fields gets the first ones). */
export const MAX_PROBLEM_ERRORS = 100;

/** One invalid part of a request: where it is and what is wrong with it (RFC 9457's "errors" extension). */
export const ProblemError = Type.Object(
  {
    in: Type.Union([Type.Literal('body'), Type.Literal('query'), Type.Literal('path'), Type.Literal('header')], {
      description: 'The part of the request that holds the invalid value.',
    }),
    pointer: Type.String({
      format: 'json-pointer',
      maxLength: 1024,
      description: 'Where in that part the invalid value is (RFC 6901 JSON pointer), such as /name; "" for all of it.',
    }),
    detail: Type.String({
      maxLength: PROBLEM_DETAIL_MAX_LENGTH,
      pattern: ONE_LINE,
      description: 'What is wrong there.',
    }),
  },
  { additionalProperties: false },
);

export type ProblemError = Type.Static<typeof ProblemError>;

export const Problem = Type.Object(
  {
    type: Type.String({
      format: 'uri-reference',
      maxLength: 2048,
      description: 'A URI naming the kind of problem; about:blank means the status says it all.',
    }),
    title: Type.String({ maxLength: 64, pattern: ONE_LINE, description: 'The HTTP status phrase.' }),
    status: Type.Integer({ format: 'int32', minimum: 400, maximum: 599, description: 'The HTTP status code.' }),
    detail: Type.String({
      maxLength: PROBLEM_DETAIL_MAX_LENGTH,
      pattern: ONE_LINE,
      description: 'What went wrong with this request, for people.',
    }),
    errors: Type.Optional(
      Type.Array(ProblemError, {
        maxItems: MAX_PROBLEM_ERRORS,
        description: 'For a 400: one entry per invalid field of the request.',
      }),
    ),
  },
  {
    additionalProperties: false,
    examples: [{ type: 'about:blank', title: 'Not Found', status: 404, detail: 'No resource at this path.' }],
  },
);

export type Problem = Type.Static<typeof Problem>;

/** One bounded line, as the schema says: a detail may quote the request (a header value, a method). */
const oneLine = (text: string): string => text.replace(CONTROL_CHARACTERS, ' ').slice(0, PROBLEM_DETAIL_MAX_LENGTH);

export function problem(status: number, detail: string, errors?: readonly ProblemError[]): Problem {
  const document: Problem = {
    type: 'about:blank',
    title: STATUS_CODES[status] ?? 'Error',
    status,
    detail: oneLine(detail),
  };
  if (errors !== undefined && errors.length > 0) {
    document.errors = errors.slice(0, MAX_PROBLEM_ERRORS).map((error) => ({
      in: error.in,
      pointer: error.pointer.slice(0, 1024),
      detail: oneLine(error.detail),
    }));
  }
  return document;
}

/** The whole problem document as bytes on the wire, for writers that bypass Fastify (raw sockets). */
export function problemBody(status: number, detail: string, errors?: readonly ProblemError[]): string {
  return JSON.stringify(problem(status, detail, errors));
}

/**
 * Sends a problem document. The body goes out as a Buffer, which Fastify neither serializes nor tags with
 * a charset, so the content type stays exact even where no onSend hook runs (framework errors).
 */
export function sendProblem(
  reply: FastifyReply,
  status: number,
  detail: string,
  errors?: readonly ProblemError[],
): FastifyReply {
  return reply
    .code(status)
    .type(PROBLEM_CONTENT_TYPE)
    .send(Buffer.from(problemBody(status, detail, errors)));
}

/**
 * An error a route throws to answer with a problem document: the central error handler (errors.ts) sends
 * its status, message and field errors. Use it for the domain's own answers (404, 409, 412, 428).
 */
export class HttpProblem extends Error {
  override readonly name = 'HttpProblem';

  constructor(
    readonly statusCode: number,
    detail: string,
    readonly errors?: readonly ProblemError[],
  ) {
    super(detail);
  }
}

/** The error responses a route declares, by status, each with what it means there (as Problem documents). */
export interface ProblemResponse {
  readonly description: string;
  readonly content: Readonly<Record<string, { readonly schema: typeof Problem }>>;
}

export function problemResponses(descriptions: Readonly<Record<number, string>>): Record<number, ProblemResponse> {
  return Object.fromEntries(
    Object.entries(descriptions).map(([status, description]) => [
      status,
      { description, content: { [PROBLEM_CONTENT_TYPE]: { schema: Problem } } },
    ]),
  );
}

/** The problem's detail for a validation error: every field, said once. */
export function validationDetail(errors: readonly ProblemError[]): string {
  const part = errors[0]?.in ?? 'request';
  return `Invalid ${part}: ${errors.map(({ pointer, detail }) => `${pointer === '' ? 'the whole' : pointer} ${detail}`).join('; ')}.`;
}
