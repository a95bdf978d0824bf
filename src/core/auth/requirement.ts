/**
 * What a route demands, read from its OpenAPI `security` declaration (the shared convention): the same
 * text feeds the OpenAPI document and the enforcement, so the two cannot disagree.
 *
 * `security` is a list of alternatives, any one of which suffices; each alternative names schemes and the
 * scopes each needs. `[]`, no declaration, or an empty alternative `{}` (OpenAPI's "anonymous allowed")
 * make a route public. The only scheme this service knows is `bearerAuth`.
 */
export const BEARER_SCHEME = 'bearerAuth';

export type SecurityDeclaration = readonly Readonly<Record<string, readonly string[]>>[];

/** The scope sets a token may satisfy, any one of them in full; null for a public route. */
export type ScopeRequirement = readonly (readonly string[])[] | null;

/** A route that names a scheme the service does not have, refused when the route is registered. */
export class UnknownSecuritySchemeError extends Error {
  constructor(route: string, scheme: string) {
    super(`Route ${route} declares security scheme "${scheme}"; the only scheme is "${BEARER_SCHEME}".`);
    this.name = 'UnknownSecuritySchemeError';
  }
}

export function scopeRequirement(route: string, security: SecurityDeclaration | undefined): ScopeRequirement {
  if (security === undefined || security.length === 0) return null;
  const alternatives: string[][] = [];
  for (const alternative of security) {
    const schemes = Object.keys(alternative);
    if (schemes.length === 0) return null;
    for (const scheme of schemes) {
      if (scheme !== BEARER_SCHEME) throw new UnknownSecuritySchemeError(route, scheme);
    }
    alternatives.push([...(alternative[BEARER_SCHEME] ?? [])]);
  }
  return alternatives;
}

/** Whether the token's scopes satisfy one of the alternatives. */
export function isSatisfied(requirement: Exclude<ScopeRequirement, null>, scopes: ReadonlySet<string>): boolean {
  return requirement.some((alternative) => alternative.every((scope) => scopes.has(scope)));
}
