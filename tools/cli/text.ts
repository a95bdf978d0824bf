/**
 * The one gate every text the builder takes passes through (flags, payload keys and values, whatever a
 * payload grows): it must be valid Unicode (no lone UTF-16 surrogate) with no invisible or bidirectional
 * character, since the text lands in generated code ("Trojan Source", CVE-2021-42574). Accepted text is
 * returned in NFC, so every file the builder writes holds the same code points.
 */
import { codePointLabel, findInvisible, INVISIBLE_PATTERN } from '../lint/invisible-characters.js';
import { Refusal } from './errors.js';

/** 1-based position, in characters (code points), of the UTF-16 offset `index`: what a reader counts. */
function position(text: string, index: number): number {
  return Array.from(text.slice(0, index)).length + 1;
}

/** The UTF-16 offset of the first lone surrogate, or -1. */
function loneSurrogate(text: string): number {
  const match = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.exec(text);
  return match?.index ?? -1;
}

/**
 * Returns `text` in NFC, or refuses it in one line naming `what` ("the description", "the payload key
 * \"x\""), the character (U+XXXX) and its position.
 */
export function acceptText(what: string, text: string): string {
  const surrogate = loneSurrogate(text);
  if (surrogate >= 0) {
    throw new Refusal(
      `${what} contains a lone UTF-16 surrogate ${codePointLabel(text.charCodeAt(surrogate))} at character ${position(text, surrogate)}: expected valid Unicode text.`,
    );
  }
  const [invisible] = findInvisible(text);
  if (invisible !== undefined) {
    throw new Refusal(
      `${what} contains ${invisible.label} (${invisible.kind}) at character ${position(text, invisible.index)}: invisible and bidirectional characters are refused, since they would hide what generated code says.`,
    );
  }
  return text.normalize('NFC');
}

/** A text quoted for a message, its refused characters escaped so that the message cannot hide anything. */
export function quoted(text: string): string {
  return JSON.stringify(text).replace(INVISIBLE_PATTERN, (char) => `\\u{${(char.codePointAt(0) ?? 0).toString(16)}}`);
}

/**
 * Every key and string of a parsed JSON value through acceptText, refusals naming where it is (`at` is a
 * path such as "resource.fields[0].name"); returns the value with its text in NFC.
 */
export function acceptJson(source: string, value: unknown, at = ''): unknown {
  const where = (path: string): string => (path === '' ? source : `${source} at ${quoted(path)}`);
  if (typeof value === 'string') return acceptText(`${where(at)}: the value`, value);
  if (Array.isArray(value)) return value.map((item, index) => acceptJson(source, item, `${at}[${index}]`));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => {
        const accepted = acceptText(`${where(at)}: the key ${quoted(key)}`, key);
        return [accepted, acceptJson(source, item, at === '' ? accepted : `${at}.${accepted}`)];
      }),
    );
  }
  return value;
}
