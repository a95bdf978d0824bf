/**
 * OpenAPI pieces every resource operation shares: the headers and parameters of its records.
 */
import Type from 'typebox';
import { requiredInDocument } from '../openapi/parameters.js';

/** The errors every operation that reads or writes the database can answer. */
export const DATABASE_UNAVAILABLE = { 503: 'The database is unreachable; retry after the Retry-After header.' };

/** An opaque cursor's text: base64url. */
export const CURSOR_PATTERN = '^[A-Za-z0-9_-]+$';
export const MAX_CURSOR_LENGTH = 200;

export const ETAG_HEADER = {
  ETag: Type.String({
    maxLength: 12,
    pattern: '^"[1-9][0-9]*"$',
    description: "The record's revision (a strong ETag): send it back in If-Match to change or delete the record.",
    examples: ['"1"'],
  }),
};

/** The Location header of a 201, its example the URL of `example`, a record of this resource (`/v1/pets/<id>`). */
export const locationHeader = (example: string) => ({
  Location: Type.String({
    format: 'uri-reference',
    maxLength: 2048,
    description: 'The URL of the created record.',
    examples: [example],
  }),
});

/** The If-Match request header of PATCH and DELETE (see preconditions.ts). */
const IfMatchHeaders = Type.Object({
  'if-match': Type.Optional(
    Type.String({
      maxLength: 1024,
      pattern: '^[^\\u0000-\\u001F\\u007F]*$',
      description:
        'The ETag of the record as last read (or * for any revision). Required: without it the request is refused with 428.',
      examples: ['"1"'],
    }),
  ),
});

/**
 * The route-schema entries of an operation that reads If-Match: optional to validation, so that its absence
 * is answered 428 by the precondition check rather than 400, and required in the document.
 */
export const IF_MATCH = { headers: IfMatchHeaders, ...requiredInDocument('If-Match') };

/** The `id` path parameter of a record. */
export const IdParams = Type.Object({
  id: Type.String({
    format: 'uuid',
    maxLength: 36,
    description: "The record's id.",
    examples: ['0b5a4c3e-8f1d-4c6e-9a2b-7d3f1e5c9a10'],
  }),
});

/** `limit` and `cursor` of a list operation; filters are the resource's own. */
export function pageParameters(defaultLimit: number, maxLimit: number) {
  return {
    limit: Type.Optional(
      Type.Integer({
        format: 'int32',
        minimum: 1,
        maximum: maxLimit,
        default: defaultLimit,
        description: `How many records a page holds at most (1 to ${maxLimit}).`,
        examples: [defaultLimit],
      }),
    ),
    cursor: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: MAX_CURSOR_LENGTH,
        pattern: CURSOR_PATTERN,
        description:
          'Where the page starts: the next_cursor of the previous page (opaque). Omit it for the first page.',
      }),
    ),
  };
}
