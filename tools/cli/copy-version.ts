/**
 * `feature version` copies a version's files by what they are, not by searching their text for "v1":
 * - index.ts: the FeatureModule's `version` is set to the new number and its `deprecation` dropped, through
 *   the syntax tree (feature-module.ts);
 * - README.md: the version in its title (the first heading) is moved;
 * - TypeScript files: an import that resolves into a folder being copied (a test importing its version's
 *   sources) is re-pointed to the copy, through the syntax tree; every other import stays, so one that
 *   names another version on purpose (`../v1/models.js`) still does;
 * - everything else, prose and string literals included, is copied byte for byte. The templates and the
 *   smoke test are written so that nothing else names the version: tests read `feature.version`.
 */
import { posix } from 'node:path';
import ts from 'typescript';
import { setModuleFields } from './feature-module.js';

export interface VersionCopy {
  readonly from: number;
  readonly to: number;
  /** Each folder copied, project-relative: [source, target]. */
  readonly folders: readonly (readonly [string, string])[];
  /** The module folder's index.ts and README.md, project-relative (source paths). */
  readonly indexFile: string;
  readonly readmeFile: string;
}

const TYPESCRIPT = /\.(ts|mts|cts|tsx)$/;

function specifierLiterals(source: ts.SourceFile): ts.StringLiteralLike[] {
  const found: ts.StringLiteralLike[] = [];
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier !== undefined) {
      if (ts.isStringLiteralLike(node.moduleSpecifier)) found.push(node.moduleSpecifier);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const [argument] = node.arguments;
      if (argument !== undefined && ts.isStringLiteralLike(argument)) found.push(argument);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
      if (ts.isStringLiteralLike(node.argument.literal)) found.push(node.argument.literal);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** The specifier re-pointed from the copy's location, if it resolves into a copied folder. */
function moved(specifier: string, sourcePath: string, targetPath: string, copy: VersionCopy): string | undefined {
  if (!specifier.startsWith('.')) return undefined;
  const resolved = posix.normalize(posix.join(posix.dirname(sourcePath), specifier));
  for (const [source, target] of copy.folders) {
    if (resolved !== source && !resolved.startsWith(`${source}/`)) continue;
    const relative = posix.relative(posix.dirname(targetPath), target + resolved.slice(source.length));
    const result = relative.startsWith('.') ? relative : `./${relative}`;
    return result === specifier ? undefined : result;
  }
  return undefined;
}

function moveImports(text: string, sourcePath: string, targetPath: string, copy: VersionCopy): string {
  const source = ts.createSourceFile(sourcePath, text, ts.ScriptTarget.Latest, true);
  return specifierLiterals(source)
    .map((literal) => ({ literal, to: moved(literal.text, sourcePath, targetPath, copy) }))
    .filter((edit): edit is { literal: ts.StringLiteralLike; to: string } => edit.to !== undefined)
    .sort((a, b) => b.literal.end - a.literal.end)
    .reduce((result, { literal, to }) => {
      // Inside the quotes, so the file's own quote style is kept.
      const start = literal.getStart(source) + 1;
      return result.slice(0, start) + to + result.slice(literal.end - 1);
    }, text);
}

function moveTitle(text: string, copy: VersionCopy): string {
  const title = /^#[^\n]*$/m.exec(text);
  if (title === null) return text;
  const moved = title[0].replace(new RegExp(`\\bv${copy.from}\\b`), `v${copy.to}`);
  return text.slice(0, title.index) + moved + text.slice(title.index + title[0].length);
}

/** The text of `sourcePath` as it is to be written at `targetPath` in the new version. */
export function copyVersionFile(text: string, sourcePath: string, targetPath: string, copy: VersionCopy): string {
  let result = TYPESCRIPT.test(sourcePath) ? moveImports(text, sourcePath, targetPath, copy) : text;
  if (sourcePath === copy.indexFile) {
    result = setModuleFields(result, sourcePath, { version: copy.to, deprecation: null });
  }
  if (sourcePath === copy.readmeFile) result = moveTitle(result, copy);
  return result;
}
