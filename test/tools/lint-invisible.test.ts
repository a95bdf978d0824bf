/**
 * The lint rule against invisible and bidirectional characters (Trojan Source): the rule itself through
 * ESLint's RuleTester, and the repository's ESLint configuration refusing them in a TypeScript source.
 */
import { ESLint, RuleTester } from 'eslint';
import { describe, expect, it } from 'vitest';
import { noInvisibleCharacters } from '../../tools/lint/no-invisible-characters.js';
import { REPO_ROOT } from '../../tools/project.js';

RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

const error = (label: string, line: number, column: number) => ({
  message: new RegExp(`^Invisible character ${label.replace('+', '\\+')} \\(`),
  line,
  column,
});

new RuleTester().run('no-invisible-characters', noInvisibleCharacters, {
  valid: [
    "const message = 'plain text, é, 😀';",
    // An escape is visible, so it is how a meant character is written.
    "const rlo = '\\u202E';",
  ],
  invalid: [
    {
      code: "const access = 'user\u202E \u2066// admin\u2069 \u2066';",
      errors: [error('U+202E', 1, 21), error('U+2066', 1, 23), error('U+2069', 1, 32), error('U+2066', 1, 34)],
    },
    { code: '// a comment\u200b\nconst x = 1;', errors: [error('U+200B', 1, 13)] },
    { code: 'const a\u3164 = 1;', errors: [error('U+3164', 1, 8)] },
    {
      code: 'const c = /\u0085/;\nconst t = `\udb40\udc41`;',
      errors: [error('U+0085', 1, 12), error('U+E0041', 2, 12)],
    },
  ],
});

describe("the repository's lint configuration", () => {
  it('rejects an invisible character in a TypeScript source, and the file-start BOM', async () => {
    const eslint = new ESLint({ cwd: REPO_ROOT });
    const [result] = await eslint.lintText("export const isAdmin = 'no\u202e';\n", { filePath: 'tools/cli/errors.ts' });
    expect(result?.messages.map((message) => message.ruleId)).toContain('petsage/no-invisible-characters');
    const [bom] = await eslint.lintText('\ufeffexport const x = 1;\n', { filePath: 'tools/cli/errors.ts' });
    expect(bom?.messages.map((message) => message.ruleId)).toContain('unicode-bom');
    // Type-aware linting builds the whole project's program first: 20 s is too short on a loaded machine.
  }, 120_000);
});
