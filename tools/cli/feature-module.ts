/**
 * Edits the FeatureModule object a version's index.ts exports (`export const feature: FeatureModule =
 * { name, version, router }`) through its syntax tree, so that the version number and the deprecation are
 * set where they are declared and nowhere else: comments, prose and other code are left as they are.
 */
import ts from 'typescript';
import type { Deprecation } from '../../src/core/features/deprecation.js';

export interface ModuleFields {
  readonly version?: number;
  /** A deprecation to declare, or null to remove one. */
  readonly deprecation?: Deprecation | null;
}

function featureObject(source: ts.SourceFile): ts.ObjectLiteralExpression | undefined {
  let found: ts.ObjectLiteralExpression | undefined;
  const visit = (node: ts.Node): void => {
    if (
      ts.isVariableDeclaration(node) &&
      node.type !== undefined &&
      /\bFeatureModule\b/.test(node.type.getText(source)) &&
      node.initializer !== undefined &&
      ts.isObjectLiteralExpression(node.initializer)
    ) {
      found ??= node.initializer;
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

function property(object: ts.ObjectLiteralExpression, name: string): ts.PropertyAssignment | undefined {
  return object.properties.find(
    (p): p is ts.PropertyAssignment =>
      ts.isPropertyAssignment(p) && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)) && p.name.text === name,
  );
}

/** The deprecation index.ts declares, if any (a literal object of string literals, as the builder writes). */
export function readDeprecation(text: string, path: string): Deprecation | undefined {
  const source = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true);
  const initializer = property(featureObject(source) ?? ts.factory.createObjectLiteralExpression(), 'deprecation');
  if (initializer === undefined || !ts.isObjectLiteralExpression(initializer.initializer)) return undefined;
  const value = (name: string): string | undefined => {
    const found = property(initializer.initializer as ts.ObjectLiteralExpression, name)?.initializer;
    return found !== undefined && ts.isStringLiteral(found) ? found.text : undefined;
  };
  const since = value('since');
  const sunset = value('sunset');
  return since === undefined ? undefined : { since, ...(sunset === undefined ? {} : { sunset }) };
}

/** `text` (an index.ts) with the given fields of its FeatureModule set; throws if it declares none. */
export function setModuleFields(text: string, path: string, fields: ModuleFields): string {
  const source = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true);
  const object = featureObject(source);
  if (object === undefined) throw new Error(`${path} declares no \`feature: FeatureModule = { ... }\` object`);
  const edits: { start: number; end: number; text: string }[] = [];
  if (fields.version !== undefined) {
    const version = property(object, 'version');
    if (version === undefined) throw new Error(`${path}: its FeatureModule has no \`version\` property`);
    edits.push({
      start: version.initializer.getStart(source),
      end: version.initializer.end,
      text: String(fields.version),
    });
  }
  if (fields.deprecation !== undefined) {
    const existing = property(object, 'deprecation');
    const value = fields.deprecation === null ? undefined : JSON.stringify(fields.deprecation);
    if (existing !== undefined && value !== undefined) {
      edits.push({ start: existing.initializer.getStart(source), end: existing.initializer.end, text: value });
    } else if (existing !== undefined) {
      // The property and the comma after it, if any (Prettier tidies what is left).
      const comma = /^\s*,/.exec(text.slice(existing.end))?.[0].length ?? 0;
      edits.push({ start: existing.getStart(source), end: existing.end + comma, text: '' });
    } else if (value !== undefined) {
      const last = object.properties[object.properties.length - 1];
      const at = last === undefined ? object.getStart(source) + 1 : last.end;
      const comma = last === undefined || object.properties.hasTrailingComma ? '' : ',';
      edits.push({ start: at, end: at, text: `${comma} deprecation: ${value}` });
    }
  }
  return edits
    .sort((a, b) => b.start - a.start)
    .reduce((result, edit) => result.slice(0, edit.start) + edit.text + result.slice(edit.end), text);
}
