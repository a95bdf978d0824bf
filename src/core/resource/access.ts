/**
 * Who may reach which records of a resource (docs/security.md): each record belongs to the caller who
 * created it (the token's subject), and a caller reaches only their own; another owner's record answers
 * exactly like a missing one. A token with the resource's admin scope reaches every record and sees each
 * one's `owner`; a shared resource (`shared: true`) is reached by everyone with its scopes. With
 * authentication off (AUTH_REQUIRED=false: a gateway in front decides) there is no caller to tell apart,
 * so every record is reached and new ones have no owner.
 */
import type { FastifyRequest } from 'fastify';
import type { ResourceDeclaration } from './declaration.js';
import type { Caller, StoredRecord } from './service.js';

export interface Access {
  /** The caller of a request. */
  caller(request: FastifyRequest): Caller & { readonly admin: boolean };
  /** A record as this caller is answered it: its owner only for an admin. */
  shown<R extends StoredRecord>(caller: { readonly admin: boolean }, record: R): R | Omit<R, 'owner'>;
  /** What the operations' OpenAPI descriptions say about it. */
  readonly description: string;
}

/** One pass and one new object: this runs for every record of every answer (20 on a page). */
function withoutOwner<R extends StoredRecord>(record: R): Omit<R, 'owner'> {
  const shown: Record<string, unknown> = {};
  for (const key in record) if (key !== 'owner') shown[key] = record[key];
  return shown as Omit<R, 'owner'>;
}

export function accessOf(resource: ResourceDeclaration, adminScope: string): Access {
  return {
    caller(request) {
      const principal = request.principal;
      if (principal === null) return { owner: null, all: true, admin: false };
      const admin = principal.scopes.has(adminScope);
      return { owner: principal.subject, all: admin || resource.shared, admin };
    },
    shown: (caller, record) => (caller.admin ? record : withoutOwner(record)),
    description: resource.shared
      ? `Shared: every caller with this operation's scope reaches every record; with ${adminScope} a record shows its owner.`
      : `Each caller reaches only the records they created (another owner's record answers 404, like a missing one); with ${adminScope} every record, and its owner.`,
  };
}
