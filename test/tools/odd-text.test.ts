/**
 * Text the builder writes, its own check accepts: descriptions holding Markdown fences, backticks and
 * Markdown syntax, or text in a decomposed Unicode form, each build a module that `feature check` passes,
 * whose README shows the text as written and whose endpoint answers it, NFC.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { marked, type Token, type Tokens } from 'marked';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../tools/cli/main.js';
import { copyProject, removeProject } from '../../tools/project.js';
import { captureIo } from '../helpers/project.js';

const CASES: [string, string][] = [
  ['probe_fence_inside', 'Returns ``` fenced ``` text and a ```` longer run'],
  ['probe_fence_json', '```json {"message": "not the example"}'],
  ['probe_fence_end', 'Ends with a fence ```'],
  ['probe_markdown', '# Not a heading, *not* emphasis, <b>not html</b>, [not](a link) | pipe \\ slash'],
  ['probe_decomposed', 'Cafe\u0301 visits, Å'],
];

let root: string;

beforeAll(() => {
  root = copyProject();
});

afterAll(() => {
  removeProject(root);
});

/** The plain text of the paragraph under "## Description", as a Markdown renderer reads it. */
function descriptionParagraph(markdown: string): string | undefined {
  const tokens = marked.lexer(markdown);
  const heading = tokens.findIndex((token: Token) => token.type === 'heading' && token.text === 'Description');
  const paragraph = tokens.slice(heading + 1).find((token: Token) => token.type !== 'space');
  if (paragraph?.type !== 'paragraph') return undefined;
  const plain = (inline: Token[]): string =>
    inline
      .map((token) => ('tokens' in token && token.tokens ? plain(token.tokens) : (token as Tokens.Text).text))
      .join('');
  return plain((paragraph as Tokens.Paragraph).tokens);
}

describe('descriptions that are awkward in Markdown or Unicode', () => {
  it.each(CASES)('builds %s, shown as written in its README', async (name, description) => {
    const io = captureIo(root);
    expect(await run(['feature', 'new', name, '-d', description], io)).toBe(0);
    const readme = readFileSync(join(root, `src/features/${name}/v1/README.md`), 'utf8');
    expect(descriptionParagraph(readme)).toBe(description.normalize('NFC'));
  });

  it('passes feature check with all of them built, their endpoints answering the NFC text', () => {
    const check = spawnSync(process.execPath, ['bin/petsage.js', 'feature', 'check'], { cwd: root, encoding: 'utf8' });
    expect(check.stderr).toBe('');
    expect(check.status).toBe(0);
    const models = readFileSync(join(root, 'src/features/probe_decomposed/v1/models.ts'), 'utf8');
    expect(models).toContain('Caf\u00e9 visits, \u00c5');
    expect(models).not.toContain('e\u0301');
  });
});
