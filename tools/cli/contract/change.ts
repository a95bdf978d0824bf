/** One difference between two contracts, and how a client of the older one is affected by it. */

/**
 * `breaking`: a client built against the older contract can fail; `additive`: something new a client may
 * use (a new operation, an optional request field, a response field); `compatible`: any other change a
 * client cannot notice going wrong (a request accepts more, a response promises a narrower value).
 */
export type Severity = 'breaking' | 'additive' | 'compatible';

export interface Change {
  readonly severity: Severity;
  /** "GET /pets/{id}" */
  readonly operation: string;
  /** Where in the operation, e.g. "response 200 application/json, field owner.name". */
  readonly where: string;
  readonly what: string;
}

export function describeChange({ operation, where, what }: Change): string {
  return where === '' ? `${operation}: ${what}` : `${operation}: ${where}: ${what}`;
}
