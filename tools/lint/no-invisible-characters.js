/**
 * ESLint rule: no invisible or bidirectional characters anywhere in a source file (code, strings, comments,
 * regular expressions, templates), since they make code read differently from what runs. Write one as an
 * escape (\u202E) when it is meant. The list is the builder's own (invisible-characters.js).
 * eslint-plugin-anti-trojan-source covers the bidirectional controls only, so the whole list is one rule.
 */
import { findInvisible } from './invisible-characters.js';

/** @type {import('eslint').Rule.RuleModule} */
export const noInvisibleCharacters = {
  meta: {
    type: 'problem',
    docs: { description: 'disallow invisible and bidirectional characters (Trojan Source, CVE-2021-42574)' },
    schema: [],
    messages: {
      invisible: 'Invisible character {{label}} ({{kind}}): remove it, or write it as an escape if it is meant.',
    },
  },
  create(context) {
    return {
      Program() {
        const { sourceCode } = context;
        for (const { index, label, kind, codePoint } of findInvisible(sourceCode.text)) {
          const width = codePoint > 0xffff ? 2 : 1;
          context.report({
            loc: { start: sourceCode.getLocFromIndex(index), end: sourceCode.getLocFromIndex(index + width) },
            messageId: 'invisible',
            data: { label, kind },
          });
        }
      },
    };
  },
};

/** The repository's local ESLint plugin. */
export default { rules: { 'no-invisible-characters': noInvisibleCharacters } };
