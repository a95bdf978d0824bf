/**
 * What an attacker without a valid token sends: requests from one address, half with no token at all,
 * half with bad tokens of every kind the verifier refuses (not a JWT, expired, for another audience,
 * a forged signature), each of which would cost a signature check if it reached the verifier.
 */
import type { LightMyRequestResponse } from 'fastify';
import { bearer, type TestIssuer } from './auth.js';

export const FLOOD_ADDRESS = '198.51.100.7';

type Send = (headers: Record<string, string>) => Promise<LightMyRequestResponse>;

async function badTokens(issuer: TestIssuer): Promise<string[]> {
  const valid = await issuer.token({ scope: 'pets:read' });
  const forged = `${valid.slice(0, valid.lastIndexOf('.') + 1)}${'A'.repeat(342)}`;
  return [
    'not-a-jwt',
    await issuer.token({ scope: 'pets:read', ttlS: -3600 }),
    await issuer.token({ scope: 'pets:read', audience: 'another-api' }),
    forged,
  ];
}

/** Sends `count` requests in turn (over `senders` in turn, for replicas) and tallies the answers by status. */
export async function floodWithoutValidTokens(
  issuer: TestIssuer,
  senders: readonly Send[],
  count = 1500,
): Promise<{ statuses: Record<number, number>; last: LightMyRequestResponse }> {
  const tokens = await badTokens(issuer);
  const statuses: Record<number, number> = {};
  let last: LightMyRequestResponse | undefined;
  for (let index = 0; index < count; index += 1) {
    const token = index % 2 === 0 ? undefined : tokens[(index >> 1) % tokens.length];
    const send = senders[index % senders.length] as Send;
    last = await send(token === undefined ? {} : bearer(token));
    statuses[last.statusCode] = (statuses[last.statusCode] ?? 0) + 1;
  }
  if (!last) throw new Error('a flood of no requests');
  return { statuses, last };
}
