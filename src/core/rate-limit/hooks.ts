/**
 * The limiter's onRequest hooks, named for flame graphs and printRoutes. Each counts the request once in
 * one policy's store and either lets it on with the RateLimit fields or answers the policy's 429 itself
 * (Retry-After, a problem document built at start-up): no error is thrown, so a refusal costs no stack
 * trace, no error handler and no serialization, and costs less than an answer.
 */
import { normalizeIP } from '@fastify/rate-limit';
import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction, onRequestHookHandler } from 'fastify';
import type { Principal } from '../auth/verifier.js';
import { PROBLEM_CONTENT_TYPE } from '../errors/problem.js';
import { policyField, type Policy } from './policy.js';

function count(policy: Policy, client: string, policies: string, reply: FastifyReply, done: HookHandlerDoneFunction) {
  policy.store.incr(
    client,
    (error, result) => {
      reply.header('ratelimit-policy', policies);
      if (error || !result) {
        // The store has reported its failure (redis-store.ts): the request passes, uncounted.
        done();
        return;
      }
      const seconds = Math.ceil(result.ttl / 1000);
      const remaining = Math.max(policy.quota - result.current, 0);
      reply
        .header('ratelimit', `${policy.remainingPrefix}${remaining};t=${seconds}`)
        // The split fields of the draft's earlier revisions, which released contracts promise (policy.ts).
        .header('ratelimit-limit', policy.quota)
        .header('ratelimit-remaining', remaining)
        .header('ratelimit-reset', seconds);
      if (result.current <= policy.quota) {
        done();
        return;
      }
      reply.code(429).header('retry-after', seconds).type(PROBLEM_CONTENT_TYPE).send(policy.refusal);
    },
    policy.windowMs,
    policy.quota,
  );
}

/** The client address as a key: IPv6 by its /64 (normalizeIP), IPv4 as it is, without normalizeIP's regex. */
function addressOf(ip: string): string {
  return ip.includes(':') ? normalizeIP(ip) : ip;
}

/** A public route's: every request counts in the client address's budget (IPv6 by /64). */
export function byAddress(policy: Policy): onRequestHookHandler {
  const policies = policyField([policy]);
  return function rateLimitByAddress(request, reply, done) {
    count(policy, addressOf(request.ip), policies, reply, done);
  };
}

export interface BeforeVerificationOptions {
  /** The route's read or write budget, per caller. */
  caller: Policy | undefined;
  /** The budget of requests without a token verified before, per address. */
  address: Policy | undefined;
  knownCaller: (request: FastifyRequest) => Principal | undefined;
}

/**
 * A protected route's, before its token is verified: a token verified before counts in its caller's
 * budget; any other request (no token, a bad one, or one not yet verified) in its address's budget, so a
 * flood of them is refused before it costs a signature check.
 */
export function beforeVerification({ caller, address, knownCaller }: BeforeVerificationOptions): onRequestHookHandler {
  const policies = policyField([caller, address]);
  return function rateLimitBeforeVerification(request, reply, done) {
    const principal = knownCaller(request);
    const policy = principal ? caller : address;
    if (!policy) {
      reply.header('ratelimit-policy', policies);
      done();
    } else count(policy, principal ? `sub:${principal.subject}` : addressOf(request.ip), policies, reply, done);
  };
}
