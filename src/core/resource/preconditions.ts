/**
 * Optimistic concurrency for a resource's records: each record has a revision, raised by every change,
 * and its ETag says it (`"3"`). PATCH and DELETE must say which revision they change in `If-Match`: without
 * it they answer 428, so no client can overwrite a change it has not seen (a lost update); with a revision
 * that is no longer current they answer 412. `If-Match: *` matches any revision, for a client that means to
 * overwrite. ETags are strong: a weak one (`W/"3"`) never matches, as RFC 9110 requires for If-Match.
 */
import { HttpProblem } from '../errors/problem.js';

export const etagOf = (revision: number): string => `"${revision}"`;

/** Any revision (`*`), or the revisions listed. */
export type ExpectedRevision = '*' | readonly number[];

export function expectedRevision(ifMatch: string | undefined): ExpectedRevision {
  if (ifMatch === undefined || ifMatch.trim() === '') {
    throw new HttpProblem(
      428,
      'This request must carry If-Match with the ETag of the record it changes (read it first), or If-Match: *.',
    );
  }
  if (ifMatch.trim() === '*') return '*';
  return ifMatch
    .split(',')
    .map((tag) => /^"([1-9][0-9]{0,9})"$/.exec(tag.trim())?.[1])
    .filter((revision): revision is string => revision !== undefined)
    .map(Number);
}

export function preconditionFailed(): HttpProblem {
  return new HttpProblem(412, 'The record has changed since the ETag in If-Match: read it again, then retry.');
}

export function notFound(what: string, id: string): HttpProblem {
  return new HttpProblem(404, `No ${what} with id ${id}.`);
}
