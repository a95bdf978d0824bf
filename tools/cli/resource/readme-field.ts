/**
 * A version's README told of a field `feature field add` adds, so that `feature check` (which holds each
 * ```json example of a README to be one of the OpenAPI document's) still passes: a row for it at the end of the
 * table of fields, and its example value in each ```json example that shows every field (the record and the
 * body of a create, as the engine's examples do). A README whose table does not list every field (a version
 * that exposes only some) is left as it is. The rest of the text is kept byte for byte; Prettier lays out the
 * result, as it does every generated file.
 */
import { marked, type Token, type Tokens } from 'marked';
import { fenceFor } from '../markdown.js';
import type { FieldSpec } from './fields.js';
import { fieldRow } from './fragments.js';
import { exampleValue } from './samples.js';

interface Edit {
  readonly at: number;
  readonly end: number;
  readonly text: string;
}

const cellName = (cell: Tokens.TableCell): string => cell.text.replace(/`/g, '').trim();

/** Whether `token` is a table of fields (its first column is `field`) listing every one of `fields`. */
function listsEvery(token: Token, fields: readonly string[]): token is Tokens.Table {
  if (token.type !== 'table') return false;
  const table = token as Tokens.Table;
  if (table.header[0] === undefined || cellName(table.header[0]) !== 'field') return false;
  const listed = new Set(table.rows.map((row) => (row[0] === undefined ? '' : cellName(row[0]))));
  return fields.every((name) => listed.has(name));
}

/** The JSON object a ```json block holds, when it has every one of `fields`. */
function showsEvery(token: Token, fields: readonly string[]): Record<string, unknown> | undefined {
  if (token.type !== 'code' || (token as Tokens.Code).lang?.split(/\s/)[0] !== 'json') return undefined;
  let value: unknown;
  try {
    value = JSON.parse((token as Tokens.Code).text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  return fields.every((name) => Object.hasOwn(value, name)) ? (value as Record<string, unknown>) : undefined;
}

/**
 * `text` (a README) with `field` added after the declaration's `fields`, or undefined when its table of fields
 * does not list them all.
 */
export function readmeWithField(
  text: string,
  fields: readonly string[],
  field: FieldSpec,
  singular: string,
): string | undefined {
  const edits: Edit[] = [];
  let tables = 0;
  let cursor = 0;
  for (const token of marked.lexer(text)) {
    const at = text.indexOf(token.raw, cursor);
    if (at < 0) continue;
    cursor = at + token.raw.length;
    const end = at + token.raw.trimEnd().length;
    if (listsEvery(token, fields)) {
      tables += 1;
      edits.push({ at: end, end, text: `\n${fieldRow(field, singular)}` });
    }
    const example = showsEvery(token, fields);
    if (example !== undefined) {
      const json = JSON.stringify({ ...example, [field.name]: exampleValue(field) }, null, 2);
      const fence = fenceFor(json);
      edits.push({ at, end, text: `${fence}json\n${json}\n${fence}` });
    }
  }
  if (tables === 0) return undefined;
  return edits.reduceRight((result, edit) => result.slice(0, edit.at) + edit.text + result.slice(edit.end), text);
}
