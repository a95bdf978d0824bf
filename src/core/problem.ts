/**
 * The API's one error format: RFC 9457 problem details, served as `application/problem+json`.
 * `detail` keeps the field name FastAPI's errors use, so callers of the original service read it unchanged.
 */
import { STATUS_CODES } from 'node:http';
import type { FastifyReply } from 'fastify';
import Type from 'typebox';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** One invalid part of a request: where it is and what is wrong with it (RFC 9457's "errors" extension). */
export const ProblemError = Type.Object(
  {
    in: Type.Union([Type.Literal('body'), Type.Literal('query'), Type.Literal('path'), Type.Literal('header')], {
      description: 'The part of the request that holds the invalid value.',
    }),
    pointer: Type.String({
      description: 'A JSON pointer (RFC 6901) to the invalid value within that part; "" for the part as a whole.',
      examples: ['/name'],
    }),
    detail: Type.String({ description: 'What is wrong with the value, for people.', examples: ['must be string'] }),
  },
  { additionalProperties: false },
);

export type ProblemError = Type.Static<typeof ProblemError>;

export const Problem = Type.Object(
  {
    type: Type.String({ description: 'A URI naming the kind of problem; about:blank means the status says it all.' }),
    title: Type.String({ description: 'The HTTP status phrase.' }),
    status: Type.Integer({ description: 'The HTTP status code.' }),
    detail: Type.String({ description: 'What went wrong with this request, for people.' }),
    errors: Type.Optional(
      Type.Array(ProblemError, { description: 'For a 400: one entry per invalid field of the request.' }),
    ),
  },
  {
    additionalProperties: false,
    examples: [{ type: 'about:blank', title: 'Not Found', status: 404, detail: 'No resource at this path.' }],
  },
);

export type Problem = Type.Static<typeof Problem>;

export function problem(status: number, detail: string, errors?: readonly ProblemError[]): Problem {
  const document: Problem = { type: 'about:blank', title: STATUS_CODES[status] ?? 'Error', status, detail };
  if (errors !== undefined && errors.length > 0) document.errors = [...errors];
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
