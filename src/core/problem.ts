/**
 * The API's one error format: RFC 9457 problem details, served as `application/problem+json`.
 * `detail` keeps the field name FastAPI's errors use, so callers of the original service read it unchanged.
 */
import { STATUS_CODES } from 'node:http';
import type { FastifyReply } from 'fastify';
import Type from 'typebox';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export const Problem = Type.Object(
  {
    type: Type.String({ description: 'A URI naming the kind of problem; about:blank means the status says it all.' }),
    title: Type.String({ description: 'The HTTP status phrase.' }),
    status: Type.Integer({ description: 'The HTTP status code.' }),
    detail: Type.String({ description: 'What went wrong with this request, for people.' }),
  },
  {
    additionalProperties: false,
    examples: [{ type: 'about:blank', title: 'Not Found', status: 404, detail: 'No resource at this path.' }],
  },
);

export type Problem = Type.Static<typeof Problem>;

export function problem(status: number, detail: string): Problem {
  return { type: 'about:blank', title: STATUS_CODES[status] ?? 'Error', status, detail };
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
