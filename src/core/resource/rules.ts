/**
 * What a resource's business rules (declaration.ts's `rules`) throw to refuse a write: the same 400
 * problem document as a schema's refusal, with an entry naming the field.
 *
 * ```ts
 * rules: {
 *   create(input) {
 *     if (input.birth_date != null && input.birth_date > today()) throw invalidField('birth_date', 'is in the future');
 *     return input;
 *   },
 * },
 * ```
 */
import { HttpProblem } from '../errors/problem.js';
import { validationDetail } from '../errors/problem.js';

export function invalidField(name: string, detail: string): HttpProblem {
  const errors = [{ in: 'body' as const, pointer: `/${name}`, detail }];
  return new HttpProblem(400, validationDetail(errors), errors);
}
