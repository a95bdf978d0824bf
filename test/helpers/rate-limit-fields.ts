/**
 * RateLimit-Policy and RateLimit as draft-ietf-httpapi-ratelimit-headers defines them, read by a
 * structured-field parser (RFC 9651, the structured-headers package): a field that is not a well-formed
 * list of items named by sf-strings with integer parameters throws.
 */
import { parseList } from 'structured-headers';

export interface QuotaPolicy {
  q: number;
  w: number;
}

export interface ServiceLimit {
  policy: string;
  r: number;
  t: number;
}

/** Response headers as inject or a client gives them, names in lower case. */
type Headers = Readonly<Record<string, unknown>>;

function header(headers: Headers, name: string): string | undefined {
  const value = headers[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw new Error(`${name} is sent more than once, or not as text`);
  return value;
}

/** A list member as a policy name (an sf-string, not a token or an inner list) and its parameters. */
interface Named {
  name: string;
  parameters: Map<string, unknown>;
}

function named(member: ReturnType<typeof parseList>[number] | undefined, field: string): Named {
  if (member === undefined) throw new Error(`${field} is empty`);
  const name: unknown = member[0];
  if (typeof name !== 'string') throw new Error(`${field}: a policy name must be an sf-string`);
  return { name, parameters: member[1] as Map<string, unknown> };
}

function integer(parameters: Map<string, unknown>, key: string, field: string): number {
  const value = parameters.get(key);
  if (!Number.isInteger(value) || (value as number) < 0) throw new Error(`${field}: ${key} must be an integer >= 0`);
  return value as number;
}

/** The policies RateLimit-Policy lists, by name; undefined when it is absent. */
export function quotaPolicies(headers: Headers): Record<string, QuotaPolicy> | undefined {
  const value = header(headers, 'ratelimit-policy');
  if (value === undefined) return undefined;
  const entries = parseList(value).map((member) => {
    const { name, parameters } = named(member, 'RateLimit-Policy');
    return [name, { q: integer(parameters, 'q', 'RateLimit-Policy'), w: integer(parameters, 'w', 'RateLimit-Policy') }];
  });
  return Object.fromEntries(entries) as Record<string, QuotaPolicy>;
}

/** The one service limit RateLimit carries; undefined when it is absent. */
export function serviceLimit(headers: Headers): ServiceLimit | undefined {
  const value = header(headers, 'ratelimit');
  if (value === undefined) return undefined;
  const members = parseList(value);
  if (members.length !== 1) throw new Error(`RateLimit names ${members.length} policies, expected one`);
  const { name, parameters } = named(members[0], 'RateLimit');
  return { policy: name, r: integer(parameters, 'r', 'RateLimit'), t: integer(parameters, 't', 'RateLimit') };
}
