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
      Type.Array(
        Type.Object(
          {
            pointer: Type.String({
              format: 'json-pointer',
              maxLength: 1024,
              description: 'Where in the request the error is (RFC 6901 JSON pointer), such as /name.',
            }),
            detail: Type.String({
              maxLength: PROBLEM_DETAIL_MAX_LENGTH,
              pattern: ONE_LINE,
              description: 'What is wrong there.',
            }),
          },
          { additionalProperties: false },
        ),
        { maxItems: 100, description: 'One entry per invalid part of the request, when there are several.' },
      ),
    ),
  },
  {
    additionalProperties: false,
    examples: [{ type: 'about:blank', title: 'Not Found', status: 404, detail: 'No resource at this path.' }],
  },
);

export type Problem = Type.Static<typeof Problem>;

export function problem(status: number, detail: string): Problem {
  // The detail may quote the request (a header value, a method): kept to one bounded line, as the schema says.
  const text = detail.replace(CONTROL_CHARACTERS, ' ').slice(0, PROBLEM_DETAIL_MAX_LENGTH);
  return { type: 'about:blank', title: STATUS_CODES[status] ?? 'Error', status, detail: text };
}

/** The whole problem document as bytes on the wire, for writers that bypass Fastify (raw sockets). */
export function problemBody(status: number, detail: string): string {
  return JSON.stringify(problem(status, detail));
}

/**
 * Sends a problem document. The body goes out as a Buffer, which Fastify neither serializes nor tags with
 * a charset, so the content type stays exact even where no onSend hook runs (framework errors).
 */
export function sendProblem(reply: FastifyReply, status: number, detail: string): FastifyReply {
  return reply
    .code(status)
    .type(PROBLEM_CONTENT_TYPE)
    .send(Buffer.from(problemBody(status, detail)));
}
