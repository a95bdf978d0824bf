/**
 * A resource's declaration file (src/features/<name>/resource.ts) read and edited through its syntax tree,
 * as `feature version` edits index.ts (feature-module.ts): the `defineResource({ table, singular, fields })`
 * call is found wherever it is, and a field is added after the last one, so comments, rules and formatting
 * elsewhere stay as they are, whatever the file's layout.
 */
import ts from 'typescript';

export interface DeclarationSource {
  readonly table: string;
  readonly singular: string;
  /** The names of the fields declared, in order. */
  readonly fields: readonly string[];
}

interface Found extends DeclarationSource {
  readonly fieldsObject: ts.ObjectLiteralExpression;
}

const nameOf = (name: ts.PropertyName): string | undefined =>
  ts.isIdentifier(name) || ts.isStringLiteral(name) ? name.text : undefined;

function property(object: ts.ObjectLiteralExpression, name: string): ts.PropertyAssignment | undefined {
  return object.properties.find(
    (p): p is ts.PropertyAssignment => ts.isPropertyAssignment(p) && nameOf(p.name) === name,
  );
}

function stringProperty(object: ts.ObjectLiteralExpression, name: string, path: string): string {
  const initializer = property(object, name)?.initializer;
  if (initializer === undefined || !ts.isStringLiteralLike(initializer)) {
    throw new Error(`${path}: its defineResource({...}) has no \`${name}\` written as a string literal`);
  }
  return initializer.text;
}

function find(text: string, path: string): Found {
  const source = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true);
  let object: ts.ObjectLiteralExpression | undefined;
  const visit = (node: ts.Node): void => {
    if (
      ts.isCallExpression(node) &&
      ts.isIdentifier(node.expression) &&
      node.expression.text === 'defineResource' &&
      node.arguments[0] !== undefined &&
      ts.isObjectLiteralExpression(node.arguments[0])
    ) {
      object ??= node.arguments[0];
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  if (object === undefined) throw new Error(`${path} declares no \`defineResource({ ... })\``);
  const fieldsObject = property(object, 'fields')?.initializer;
  if (fieldsObject === undefined || !ts.isObjectLiteralExpression(fieldsObject)) {
    throw new Error(`${path}: its defineResource({...}) has no \`fields: { ... }\` object literal`);
  }
  return {
    table: stringProperty(object, 'table', path),
    singular: stringProperty(object, 'singular', path),
    fields: fieldsObject.properties.flatMap((p) => {
      const name = p.name === undefined ? undefined : nameOf(p.name);
      return name === undefined ? [] : [name];
    }),
    fieldsObject,
  };
}

/** What the declaration in `text` says: its table, singular and field names. */
export function readDeclarationSource(text: string, path: string): DeclarationSource {
  const { table, singular, fields } = find(text, path);
  return { table, singular, fields };
}

/** `text` with `code` (one `name: field.x({...}),` entry) added after the declaration's last field. */
export function withField(text: string, path: string, code: string): string {
  const { fieldsObject } = find(text, path);
  const last = fieldsObject.properties[fieldsObject.properties.length - 1];
  // Before the closing brace, so a comment after the last field stays with it; Prettier lays out the result.
  const close = fieldsObject.end - 1;
  const inserted = `${text.slice(0, close).trimEnd()}\n${code}\n${text.slice(close)}`;
  if (last === undefined || fieldsObject.properties.hasTrailingComma) return inserted;
  return `${inserted.slice(0, last.end)},${inserted.slice(last.end)}`;
}
