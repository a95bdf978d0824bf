/**
 * The budgets the limiter enforces, each a quota policy of the IETF draft "RateLimit header fields for
 * HTTP" (draft-ietf-httpapi-ratelimit-headers, revisions 10 to 12 alike for what is used here):
 *
 *     RateLimit-Policy: "read";q=600;w=60         the policies that apply to the route, as a list
 *     RateLimit: "read";r=599;t=42                the one this request counted in: r left, t seconds to go
 *
 * Both are structured fields (RFC 9651). The split fields of revisions up to 6 (RateLimit-Limit, -Remaining,
 * -Reset, for the policy counted in) are still sent, documented as deprecated: released contracts promise them,
 * and the breaking-change guard keeps that promise until those versions are retired. Policy names are sf-strings, which every revision accepts. All
 * that does not change per request is built once here, so a counted request appends two numbers and a
 * refused one sends a problem document made at start-up.
 */
import { problemBody } from '../errors/problem.js';
import type { CountStore } from './store.js';

export type PolicyName = 'read' | 'write' | 'unauthenticated';

export interface Policy {
  readonly quota: number;
  readonly windowMs: number;
  /** Its item in RateLimit-Policy: `"read";q=600;w=60`. */
  readonly item: string;
  /** Its RateLimit item up to the remaining count: `"read";r=`. */
  readonly remainingPrefix: string;
  /** The 429 problem document's bytes. */
  readonly refusal: Buffer;
  readonly store: CountStore;
}

const WHAT: Readonly<Record<PolicyName, string>> = {
  read: 'reads',
  write: 'writes',
  unauthenticated: 'requests from this address without a token verified before',
};

export function policy(name: PolicyName, quota: number, windowS: number, store: CountStore): Policy {
  const id = `"${name}"`;
  const detail = `Too many requests: at most ${quota} ${WHAT[name]} per ${windowS} s; retry after Retry-After seconds.`;
  return {
    quota,
    windowMs: windowS * 1000,
    item: `${id};q=${quota};w=${windowS}`,
    remainingPrefix: `${id};r=`,
    refusal: Buffer.from(problemBody(429, detail)),
    store,
  };
}

/** The RateLimit-Policy value of a route that the given policies apply to. */
export function policyField(policies: readonly (Policy | undefined)[]): string {
  return policies.flatMap((applies) => (applies ? [applies.item] : [])).join(', ');
}
