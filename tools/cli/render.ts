/**
 * The template renderer: replaces each `{{placeholder}}` with its value, in one pass (a value is never
 * read as a template). A placeholder without a value, or text that still looks like one, is an error, so
 * a template and the code filling it cannot drift apart silently.
 */
const PLACEHOLDER = /\{\{\s*([A-Za-z][A-Za-z0-9]*)\s*\}\}/g;

export class TemplateError extends Error {
  override readonly name = 'TemplateError';
}

export type TemplateValues = Readonly<Record<string, string | number>>;

export function render(template: string, values: TemplateValues, source = 'template'): string {
  const missing = new Set<string>();
  const output = template.replace(PLACEHOLDER, (_match, key: string) => {
    const value = Object.hasOwn(values, key) ? values[key] : undefined;
    if (value === undefined) {
      missing.add(key);
      return '';
    }
    return String(value);
  });
  if (missing.size > 0) {
    throw new TemplateError(`${source}: no value for ${[...missing].map((key) => `{{${key}}}`).join(', ')}`);
  }
  const leftover = template.replace(PLACEHOLDER, '').match(/\{\{|\}\}/);
  if (leftover) {
    throw new TemplateError(`${source}: malformed placeholder near ${JSON.stringify(leftover[0])}`);
  }
  return output;
}
