/**
 * Idempotent POST, after the IETF httpapi draft's `Idempotency-Key` header (as Stripe and PayPal serve it):
 * the first request with a key claims it (caller and key, one row in PostgreSQL), runs, and keeps its
 * answer (status, headers, body) for IDEMPOTENCY_KEY_TTL_S. A retry by the same caller with the same key
 * and the same request (fingerprint.ts) gets that answer again, marked `Idempotency-Replayed: true`, without
 * running again; with another request, 422; while the first still runs, 409 with Retry-After. The claim is
 * one INSERT ... ON CONFLICT, so of any number of concurrent retries exactly one runs.
 *
 * Only a success is kept: a request that fails (a rule's 400, a taken unique value, the database away)
 * releases its key, since it changed nothing and its retry should run. A claim whose process died before it
 * finished is free again after its lease (twice the longest a connection wait and a statement may take).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { StatementRunner } from '../database/prepared.js';
import { HttpProblem } from '../errors/problem.js';
import { fingerprintOf } from './fingerprint.js';
import { IDEMPOTENCY_KEY, REPLAYED } from './openapi.js';
import { CLAIM, COMPLETE, HELD, RELEASE } from './statements.js';

/** What a route answers, kept for its retries. */
export interface Answer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: unknown;
}

/** Sends `run`'s answer, or, for a request with an Idempotency-Key, the answer kept for that key. */
export type KeyedAnswer = (
  request: FastifyRequest,
  reply: FastifyReply,
  run: () => Promise<Answer>,
) => Promise<FastifyReply>;

export interface KeyedAnswerOptions {
  /** How long an answer is kept (IDEMPOTENCY_KEY_TTL_S). */
  readonly ttlS: number;
  /** How long a running claim holds its key if its request never finishes. */
  readonly leaseS: number;
}

interface Held {
  readonly fingerprint: string;
  readonly state: 'running' | 'done';
  readonly status: number | null;
  readonly headers: Record<string, string> | null;
  readonly body: unknown;
}

/** Seconds a client waits before retrying a request whose first attempt is still running. */
const IN_FLIGHT_RETRY_AFTER_S = 1;
/** Claims tried before giving up, when the key is released or expires between a claim and its read. */
const CLAIM_ATTEMPTS = 3;

const send = (reply: FastifyReply, { status, headers, body }: Answer): FastifyReply =>
  reply.code(status).headers(headers).send(body);

function inFlight(reply: FastifyReply): HttpProblem {
  reply.header('retry-after', String(IN_FLIGHT_RETRY_AFTER_S));
  return new HttpProblem(409, 'A request with this Idempotency-Key is still being processed; retry after Retry-After.');
}

export function keyedAnswers(runner: StatementRunner, { ttlS, leaseS }: KeyedAnswerOptions): KeyedAnswer {
  return async (request, reply, run) => {
    const key = request.headers[IDEMPOTENCY_KEY];
    if (typeof key !== 'string') return send(reply, await run());
    // Keys are per caller; with AUTH_REQUIRED=false there is no caller, and all share one key space.
    const caller = request.principal?.subject ?? '';
    const fingerprint = fingerprintOf(`${request.method} ${request.routeOptions.url ?? ''}`, request.body);

    for (let attempt = 0; attempt < CLAIM_ATTEMPTS; attempt++) {
      const claimed = (await runner.run<{ claim: string }>(CLAIM, [caller, key, fingerprint, leaseS])).rows[0];
      if (claimed !== undefined) {
        const id = [caller, key, claimed.claim];
        let answer: Answer;
        try {
          answer = await run();
        } catch (error) {
          await runner.run(RELEASE, id).catch((releaseError: unknown) => {
            request.log.warn({ err: releaseError }, 'idempotency: key not released; it frees itself after its lease');
          });
          throw error;
        }
        try {
          const kept = [answer.status, JSON.stringify(answer.headers), JSON.stringify(answer.body), ttlS];
          await runner.run(COMPLETE, [...id, ...kept]);
        } catch (error) {
          // The work is done: its answer goes out even if it could not be kept.
          request.log.warn({ err: error }, 'idempotency: answer not kept; the key frees itself after its lease');
        }
        return send(reply, answer);
      }
      const held = (await runner.run<Held>(HELD, [caller, key])).rows[0];
      if (held === undefined) continue;
      if (held.fingerprint !== fingerprint) {
        throw new HttpProblem(
          422,
          'This Idempotency-Key was used for a different request (another body or operation): use a new key.',
        );
      }
      if (held.state === 'running' || held.status === null) throw inFlight(reply);
      reply.header(REPLAYED, 'true');
      return send(reply, { status: held.status, headers: held.headers ?? {}, body: held.body });
    }
    throw inFlight(reply);
  };
}
