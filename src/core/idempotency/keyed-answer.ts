/**
 * Idempotent POST, after the IETF httpapi draft's `Idempotency-Key` header (as Stripe and PayPal serve it):
 * a request with a key runs in one transaction with the answer it keeps (status, headers, body), per caller,
 * for IDEMPOTENCY_KEY_TTL_S. A retry by the same caller with the same key and the same request
 * (fingerprint.ts) gets that answer again, marked `Idempotency-Replayed: true`, without running again; with
 * another request, 422; while the first still runs, 409 with Retry-After (statements.ts: an advisory lock
 * per key). Of any number of concurrent retries exactly one runs; once its answer is kept, any number of
 * retries replay it at once, without the lock.
 *
 * The record and its kept answer commit together or not at all: a request that fails (a rule's 400, a taken
 * unique value, the database away, the process dying) leaves neither, and its retry runs again.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { StatementRunner } from '../database/prepared.js';
import { HttpProblem } from '../errors/problem.js';
import { fingerprintOf } from './fingerprint.js';
import { IDEMPOTENCY_KEY, REPLAYED } from './openapi.js';
import { KEEP, LOCK_AND_READ } from './statements.js';

/** What a route answers, kept for its retries. */
export interface Answer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: unknown;
}

/**
 * Sends `run`'s answer, or, for a request with an Idempotency-Key, the answer kept for that key. With a key,
 * `run`'s statements (on `app.statements`) join the transaction that keeps its answer.
 */
export type KeyedAnswer = (
  request: FastifyRequest,
  reply: FastifyReply,
  run: () => Promise<Answer>,
) => Promise<FastifyReply>;

/** Whether this request holds the key's lock, and the answer kept for the key (all null if none). */
interface Held {
  readonly locked: boolean;
  readonly fingerprint: string | null;
  readonly status: number | null;
  readonly headers: Record<string, string> | null;
  readonly body: unknown;
}

/** Seconds a client waits before retrying a request whose first attempt is still running. */
const IN_FLIGHT_RETRY_AFTER_S = 1;

function inFlight(reply: FastifyReply): HttpProblem {
  reply.header('retry-after', String(IN_FLIGHT_RETRY_AFTER_S));
  return new HttpProblem(409, 'A request with this Idempotency-Key is still being processed; retry after Retry-After.');
}

const send = (reply: FastifyReply, { status, headers, body }: Answer): FastifyReply =>
  reply.code(status).headers(headers).send(body);

export function keyedAnswers(runner: StatementRunner, ttlS: number): KeyedAnswer {
  return async (request, reply, run) => {
    const key = request.headers[IDEMPOTENCY_KEY];
    if (typeof key !== 'string') return send(reply, await run());
    // Keys are per caller; with AUTH_REQUIRED=false there is no caller, and all share one key space.
    const caller = request.principal?.subject ?? '';
    const fingerprint = fingerprintOf(`${request.method} ${request.routeOptions.url ?? ''}`, request.body);

    const { answer, replayed } = await runner.transaction(async () => {
      const [held] = (await runner.run<Held>(LOCK_AND_READ, [caller, key])).rows;
      if (held?.status != null) {
        if (held.fingerprint !== fingerprint) {
          throw new HttpProblem(
            422,
            'This Idempotency-Key was used for a different request (another body or operation): use a new key.',
          );
        }
        return { answer: { status: held.status, headers: held.headers ?? {}, body: held.body }, replayed: true };
      }
      if (held?.locked !== true) throw inFlight(reply);
      const fresh = await run();
      const { status, headers, body } = fresh;
      const keep = [caller, key, fingerprint, status, JSON.stringify(headers), JSON.stringify(body), ttlS];
      // Rare: the first request committed just before this one's lock; rolled back, the retry replays it.
      if ((await runner.run(KEEP, keep)).rowCount === 0) throw inFlight(reply);
      return { answer: fresh, replayed: false };
    });
    if (replayed) reply.header(REPLAYED, 'true');
    return send(reply, { status: answer.status, headers: answer.headers, body: answer.body });
  };
}
