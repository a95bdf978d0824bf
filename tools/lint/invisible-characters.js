/**
 * The characters that change how code reads without being seen ("Trojan Source", CVE-2021-42574): one list
 * for the builder, which refuses them in every text it takes (tools/cli/text.ts), and for the lint rule,
 * which refuses them in the repository's sources (no-invisible-characters.js). Plain JavaScript so that
 * eslint.config.js can load it; its types are in invisible-characters.d.ts.
 */

/** Each kind of refused character, with its code point ranges (inclusive). */
const KINDS = [
  ['a bidirectional control', [[0x061c], [0x200e, 0x200f], [0x202a, 0x202e], [0x2066, 0x2069]]],
  ['a zero-width character', [[0x180e], [0x200b, 0x200d], [0x2060, 0x2064]]],
  ['a byte order mark, a zero-width no-break space', [[0xfeff]]],
  ['a C1 control character', [[0x0080, 0x009f]]],
  ['a soft hyphen', [[0x00ad]]],
  // Letters that render as nothing, and so make invisible identifiers.
  ['a Hangul filler', [[0x115f, 0x1160], [0x3164], [0xffa0]]],
  ['an interlinear annotation control', [[0xfff9, 0xfffb]]],
  ['a tag character', [[0xe0000, 0xe007f]]],
];

const hex = (codePoint) => `\\u{${codePoint.toString(16)}}`;
const CLASS = KINDS.flatMap(([, ranges]) =>
  ranges.map(([from, to]) => (to ? `${hex(from)}-${hex(to)}` : hex(from))),
).join('');

/** Matches every refused character (global, so use it with matchAll or a fresh lastIndex). */
export const INVISIBLE_PATTERN = new RegExp(`[${CLASS}]`, 'gu');

/** "U+202E", as people write code points. */
export function codePointLabel(codePoint) {
  return `U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** What kind of refused character a code point is, or undefined if it is not refused. */
export function invisibleKind(codePoint) {
  const kind = KINDS.find(([, ranges]) => ranges.some(([from, to]) => codePoint >= from && codePoint <= (to ?? from)));
  return kind?.[0];
}

/** Every refused character of a text, with its UTF-16 offset. */
export function findInvisible(text) {
  return [...text.matchAll(INVISIBLE_PATTERN)].map((match) => {
    const codePoint = match[0].codePointAt(0) ?? 0;
    return { index: match.index, codePoint, label: codePointLabel(codePoint), kind: invisibleKind(codePoint) ?? '' };
  });
}
