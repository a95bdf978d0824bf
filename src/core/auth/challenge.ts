/**
 * Refusals of the bearer scheme (RFC 6750 section 3): a 401 or 403 whose `WWW-Authenticate` header tells
 * the client what to do. The central error handler turns them into problem documents like every other
 * 4xx. Descriptions come from a fixed vocabulary: nothing of the token itself is ever echoed or logged.
 */
export class AuthRefusal extends Error {
  constructor(
    readonly statusCode: 401 | 403,
    message: string,
    readonly challenge: string,
  ) {
    super(message);
    this.name = 'AuthRefusal';
  }
}

/** No token was sent (or not as a bearer token): the bare challenge, as RFC 6750 asks. */
export function missingToken(): AuthRefusal {
  return new AuthRefusal(401, 'This operation needs a bearer token (Authorization: Bearer <token>).', 'Bearer');
}

/** A token was sent and refused. `reason` is one of this service's own sentences. */
export function invalidToken(reason: string): AuthRefusal {
  return new AuthRefusal(401, reason, `Bearer error="invalid_token", error_description="${reason}"`);
}

/** A valid token without the scopes the operation needs. */
export function insufficientScope(alternatives: readonly (readonly string[])[]): AuthRefusal {
  const needed = alternatives.map((scopes) => scopes.join(' ')).join('" or "');
  const first = alternatives[0]?.join(' ') ?? '';
  return new AuthRefusal(
    403,
    `The token lacks the scope this operation needs: "${needed}".`,
    `Bearer error="insufficient_scope", scope="${first}"`,
  );
}
