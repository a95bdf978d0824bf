/**
 * The README and docs/ pages point at things that exist: every relative link (and its #anchor) and every
 * repository path they name in code spans, so moving a file or a heading cannot leave a page stale.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';

const PAGES = [
  'README.md',
  ...readdirSync('docs')
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
];

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
const slug = (heading: string): string =>
  heading
    .toLowerCase()
    .replace(/[^\p{L}\p{N} _-]/gu, '')
    .replace(/ /g, '-');

const anchorsOf = (page: string): string[] =>
  [...readFileSync(page, 'utf8').matchAll(/^#{1,6} (.+)$/gm)].map(([, heading]) => slug(heading ?? ''));

/** Relative Markdown link targets of a page, as [target file, anchor]. */
function links(page: string): [string, string][] {
  const text = readFileSync(page, 'utf8');
  return [...text.matchAll(/\]\(([^)\s]+)\)/g)]
    .map(([, target]) => target ?? '')
    .filter((target) => !/^[a-z]+:/.test(target))
    .map((target) => {
      const [file = '', anchor = ''] = target.split('#');
      return [file === '' ? page : join(dirname(page), file), anchor];
    });
}

/** Repository paths named in code spans (`src/core/x.ts`), placeholders such as <name> left out. */
const namedPaths = (page: string): string[] =>
  [...readFileSync(page, 'utf8').matchAll(/`((?:[\w.-]+\/)+[\w.-]+\.(?:ts|js|md|json|ya?ml|svg))`/g)]
    .map(([, path]) => path ?? '')
    .filter((path) => !/^(https?:|node:)/.test(path));

describe.each(PAGES)('%s', (page) => {
  it('links only to files and headings that exist', () => {
    for (const [file, anchor] of links(page)) {
      expect(existsSync(file), `${page} links to ${file}`).toBe(true);
      if (anchor !== '') expect(anchorsOf(file), `${page} links to ${file}#${anchor}`).toContain(anchor);
    }
  });

  it('names only repository paths that exist', () => {
    for (const path of namedPaths(page)) expect(existsSync(path), `${page} names ${path}`).toBe(true);
  });
});

describe('the link checker', () => {
  it("makes GitHub's anchors", () => {
    expect(slug('Shutdown sequence')).toBe('shutdown-sequence');
    expect(slug('Logging, request ids, metrics')).toBe('logging-request-ids-metrics');
    expect(slug('WEB_CONCURRENCY=2')).toBe('web_concurrency2');
  });
});
