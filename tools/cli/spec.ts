/**
 * What `feature new` is asked to build: from flags or from a JSON payload (`{"feature", "description"}`,
 * optionally `summary` and `tag`), validated into one FeatureSpec with defaults filled in.
 */
import { Refusal } from './errors.js';
import { nameForms, validateName } from './names.js';
import { parseResourcePayload, resourceSpec, type ResourceInput, type ResourceSpec } from './resource/spec.js';
import { acceptJson, acceptText } from './text.js';

export const MAX_TEXT_LENGTH = 300;

export interface FeatureSpec {
  readonly name: string;
  readonly description: string;
  readonly summary: string;
  readonly tag: string;
  /** Present for a resource feature (templates/resource/); absent for a plain one (templates/feature/). */
  readonly resource?: ResourceSpec;
}

export interface SpecInput {
  name?: string | undefined;
  description?: string | undefined;
  summary?: string | undefined;
  tag?: string | undefined;
  resource?: ResourceInput | undefined;
}

const PAYLOAD_KEYS = ['feature', 'description', 'summary', 'tag'] as const;
const PAYLOAD_SHAPE =
  'expected a JSON object {"feature": "<name>", "description": "<text>"} (optional "summary", "tag", "resource")';

/** Parses a payload's text into the inputs it carries; refuses anything but the documented object. */
export function parsePayload(text: string, source: string): SpecInput {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new Refusal(`Payload ${source} is not JSON: ${PAYLOAD_SHAPE}.`);
  }
  // Every key and string, whatever the payload holds, before any of it is read or echoed.
  const data = acceptJson(`Payload ${source}`, parsed);
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new Refusal(`Payload ${source} is not a JSON object: ${PAYLOAD_SHAPE}.`);
  }
  const record = data as Record<string, unknown>;
  const unknown = Object.keys(record).find(
    (key) => !(PAYLOAD_KEYS as readonly string[]).includes(key) && key !== 'resource',
  );
  if (unknown !== undefined) {
    throw new Refusal(`Payload ${source} has an unknown key ${JSON.stringify(unknown)}: ${PAYLOAD_SHAPE}.`);
  }
  for (const key of ['feature', 'description'] as const) {
    if (!(key in record)) {
      throw new Refusal(`Payload ${source} lacks the key "${key}": ${PAYLOAD_SHAPE}.`);
    }
  }
  for (const key of PAYLOAD_KEYS) {
    if (key in record && typeof record[key] !== 'string') {
      throw new Refusal(`Payload ${source} has a non-string "${key}": ${PAYLOAD_SHAPE}.`);
    }
  }
  const text_ = (key: (typeof PAYLOAD_KEYS)[number]): string | undefined => record[key] as string | undefined;
  return {
    name: text_('feature'),
    description: text_('description'),
    summary: text_('summary'),
    tag: text_('tag'),
    resource: 'resource' in record ? parseResourcePayload(record.resource, source) : undefined,
  };
}

/**
 * Validates one free-text field: valid Unicode with nothing invisible (text.ts), a single line, not blank,
 * at most MAX_TEXT_LENGTH characters; returned trimmed and in NFC.
 */
export function validateText(field: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const text = acceptText(`The ${field}`, value).trim();
  const accepted = `expected a single line of 1 to ${MAX_TEXT_LENGTH} characters`;
  if (text === '') throw new Refusal(`The ${field} is empty: ${accepted}.`);
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f\u2028\u2029]/.test(text)) {
    throw new Refusal(`The ${field} contains a line break or control character: ${accepted}.`);
  }
  if (text.length > MAX_TEXT_LENGTH) throw new Refusal(`The ${field} is ${text.length} characters long: ${accepted}.`);
  return text;
}

/** The full spec: name and description required, summary and tag defaulting from the name. */
export function featureSpec(input: SpecInput): FeatureSpec {
  if (input.name === undefined) {
    throw new Refusal('No feature name given: pass <name> or --payload <file|-> with a "feature" key.');
  }
  const name = validateName(input.name);
  const description = validateText('description', input.description);
  if (description === undefined) {
    throw new Refusal('No description given: pass --description "<text>" or a payload with a "description" key.');
  }
  const { title } = nameForms(name);
  return {
    name,
    description,
    summary: validateText('summary', input.summary) ?? `Get the ${title} status`,
    tag: validateText('tag', input.tag) ?? title,
    ...(input.resource === undefined ? {} : { resource: resourceSpec(name, input.resource) }),
  };
}
