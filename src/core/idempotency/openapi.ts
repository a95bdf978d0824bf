/** What idempotent POST adds to an operation's OpenAPI: the request header, the replay mark, its problems. */
import Type from 'typebox';
import { problemResponses } from '../errors/problem.js';

export const IDEMPOTENCY_KEY = 'idempotency-key';
export const REPLAYED = 'idempotency-replayed';
const MAX_KEY_LENGTH = 255;

/** The optional Idempotency-Key request header. */
export const IdempotencyKeyHeaders = Type.Object({
  [IDEMPOTENCY_KEY]: Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: MAX_KEY_LENGTH,
      pattern: '^[!-~]+$',
      description:
        'A key of your choice (a UUID is a good one), unique per request you mean: a retry with the same key and the same body gets the first answer again instead of a second record. Kept for IDEMPOTENCY_KEY_TTL_S (24 hours by default), per caller. Visible ASCII, at most 255 characters.',
      examples: ['8e03978e-40d5-43e8-bc93-6894a57f9324'],
    }),
  ),
});

/** The header marking an answer replayed for an Idempotency-Key. */
export const REPLAYED_HEADER = {
  'Idempotency-Replayed': Type.Literal('true', {
    description:
      'Present on an answer replayed for a retry with the same Idempotency-Key: the record was created by the first request.',
  }),
};

/** The problems of a keyed request; `conflict` is what a 409 means otherwise on this operation, if anything. */
export function idempotencyResponses(conflict: string | undefined) {
  const inFlight = 'A request with the same Idempotency-Key is still being processed: retry after Retry-After.';
  const responses = problemResponses({
    409: conflict === undefined ? inFlight : `${conflict} Or: ${inFlight}`,
    422: 'The Idempotency-Key was used before with a different request body: use a new key.',
  });
  const retryAfter = Type.Integer({
    format: 'int32',
    minimum: 0,
    maximum: 3600,
    description: 'Seconds to wait before retrying (sent when the first request with the key is still running).',
  });
  return { ...responses, 409: { ...responses[409], headers: { 'Retry-After': retryAfter } } };
}
