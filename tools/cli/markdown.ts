/**
 * Text from a payload, written into Markdown so that it reads back as written: escaped where it lands in
 * prose, and fenced with a fence no run of backticks inside can close.
 */
import { marked, type Token, type Tokens } from 'marked';

/**
 * Escapes the characters that start Markdown syntax inline (code spans, emphasis, links, HTML, entities,
 * tables, strikethrough) anywhere, and those that start a block (heading, quote, list, setext underline) at
 * the start of the text, with CommonMark's backslash escapes.
 */
export function markdownText(text: string): string {
  return text
    .replace(/[\\`*_[\]<>&|~]/g, '\\$&')
    .replace(/^[#>+=-]/, '\\$&')
    .replace(/^(\d+)([.)])/, '$1\\$2');
}

/** A backtick fence longer than any run of backticks in `content` (and at least the usual three). */
export function fenceFor(content: string): string {
  const longest = Math.max(0, ...[...content.matchAll(/`+/g)].map((run) => run[0].length));
  return '`'.repeat(Math.max(3, longest + 1));
}

/** The contents of the fenced code blocks of a Markdown document whose language is `language`, in order. */
export function codeBlocks(markdown: string, language: string): string[] {
  const found: string[] = [];
  // walkTokens returns the callbacks' results, which say nothing here.
  void marked.walkTokens(marked.lexer(markdown), (token: Token) => {
    if (token.type === 'code' && (token as Tokens.Code).lang?.split(/\s/)[0] === language) {
      found.push((token as Tokens.Code).text);
    }
  });
  return found;
}
