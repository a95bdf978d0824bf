/** Types of invisible-characters.js (plain JavaScript, so that eslint.config.js can load it). */
export interface InvisibleCharacter {
  /** UTF-16 offset in the text. */
  readonly index: number;
  readonly codePoint: number;
  /** "U+202E". */
  readonly label: string;
  /** "a bidirectional control". */
  readonly kind: string;
}

export const INVISIBLE_PATTERN: RegExp;
export function codePointLabel(codePoint: number): string;
export function invisibleKind(codePoint: number): string | undefined;
export function findInvisible(text: string): InvisibleCharacter[];
