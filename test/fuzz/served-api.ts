/**
 * The operations the served OpenAPI documents describe, read from the documents alone (no feature named):
 * method, path, parameters, body schema, the scopes it needs, and a check of an answer against what the
 * document says of it (status, content type, body schema, headers), with Ajv as the app validates.
 */
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { OpenAPIV3_1 } from 'openapi-types';
import type { Schema } from './schema-values.js';

type Document = OpenAPIV3_1.Document;

export interface Parameter {
  readonly name: string;
  readonly in: 'path' | 'query' | 'header';
  readonly required: boolean;
  readonly schema: Schema;
}

export interface Operation {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  readonly path: string;
  /** The path of the collection its records live in: the path without its last `{parameter}` segment. */
  readonly collection: string;
  readonly parameters: readonly Parameter[];
  /** The schema of its application/json request body, if it takes one. */
  readonly body?: Schema;
  /** The scopes the first security requirement names; undefined for an open operation. */
  readonly scopes?: readonly string[];
  /** Where the answer to `status` is described, for `check`. */
  readonly pointer: string;
  readonly document: ServedDocument;
}

export interface Answer {
  readonly statusCode: number;
  readonly headers: Record<string, unknown>;
  readonly body: string;
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;
const escape = (token: string) => token.replaceAll('~', '~0').replaceAll('/', '~1');

/** One version's document, with its schemas compiled on first use. */
export class ServedDocument {
  private readonly ajv = new Ajv2020({ strict: false, allErrors: true });
  private readonly compiled = new Map<string, ValidateFunction>();
  /** The document's id among Ajv's schemas: an absolute URI, as Ajv resolves pointers against it. */
  private readonly id: string;

  constructor(
    readonly url: string,
    readonly document: Document,
  ) {
    this.id = `https://petsage.invalid${url}`;
    addFormats.default(this.ajv);
    // OpenAPI's own formats, which ajv-formats does not know.
    this.ajv.addFormat('int32', {
      type: 'number',
      validate: (n) => Number.isInteger(n) && Math.abs(n + 0.5) < 2 ** 31,
    });
    this.ajv.addFormat('double', { type: 'number', validate: Number.isFinite });
    this.ajv.addSchema(document, this.id);
  }

  /** The object at a local `$ref` (`#/components/...`). */
  resolve = (ref: string): Schema => {
    let found: unknown = this.document;
    for (const token of ref.replace(/^#\//, '').split('/')) {
      found = (found as Record<string, unknown> | undefined)?.[token.replaceAll('~1', '/').replaceAll('~0', '~')];
    }
    return found as Schema;
  };

  /** The object at `pointer`, following a `$ref` it holds. */
  at(pointer: string): Schema | undefined {
    const found = this.resolve(pointer) as Schema | undefined;
    return typeof found?.$ref === 'string' ? this.resolve(found.$ref) : found;
  }

  /** The errors of `value` against the schema at `pointer` (a JSON pointer into the document). */
  errors(pointer: string, value: unknown): string | undefined {
    let validate = this.compiled.get(pointer);
    if (validate === undefined) {
      validate = this.ajv.getSchema(`${this.id}${pointer}`);
      if (validate === undefined) throw new Error(`no schema at ${pointer}`);
      this.compiled.set(pointer, validate);
    }
    return validate(value) ? undefined : this.ajv.errorsText(validate.errors);
  }

  operations(): Operation[] {
    return Object.entries(this.document.paths ?? {}).flatMap(([path, item]) =>
      METHODS.filter((method) => item?.[method] !== undefined).map((method) => {
        const pointer = `#/paths/${escape(path)}/${method}`;
        const operation = item?.[method] as OpenAPIV3_1.OperationObject;
        const parameters = (operation.parameters ?? []).map((parameter) => this.resolveObject(parameter));
        const requirement = operation.security?.[0];
        const content = this.at(`${pointer}/requestBody`)?.content as Record<string, { schema?: Schema }> | undefined;
        const body = content?.['application/json']?.schema;
        return {
          method: method.toUpperCase() as Operation['method'],
          path,
          collection: path.replace(/\{[^}]+\}$/, ''),
          parameters: parameters.map((parameter) => ({
            name: parameter.name,
            in: parameter.in as Parameter['in'],
            required: parameter.required === true,
            schema: parameter.schema as Schema,
          })),
          ...(body === undefined ? {} : { body }),
          ...(requirement === undefined ? {} : { scopes: Object.values(requirement).flat() }),
          pointer,
          document: this,
        } satisfies Operation;
      }),
    );
  }

  private resolveObject<T extends object>(value: T | OpenAPIV3_1.ReferenceObject): T {
    return ('$ref' in value ? this.resolve(value.$ref) : value) as T;
  }
}

/** The JSON body schema of an operation's answer with `status`. */
export function answerSchema(operation: Operation, status: string): Schema | undefined {
  const content = operation.document.at(`${operation.pointer}/responses/${status}`)?.content as
    Record<string, { schema?: Schema }> | undefined;
  return content?.['application/json']?.schema;
}

/**
 * What is wrong with `answer` for `operation`, by its document; undefined when nothing is. An error status
 * must be a problem document whose status is the answer's; any status must be documented for the operation,
 * a success's body must match its schema, and its headers, where present, theirs (required ones present).
 */
export function wrongWith(operation: Operation, answer: Answer): string | undefined {
  const { statusCode: status, headers } = answer;
  if (status >= 500) return `a ${status}`;
  const pointer = `${operation.pointer}/responses/${status}`;
  const documented = operation.document.at(pointer);
  if (documented === undefined) return `status ${status} is not documented for ${operation.method} ${operation.path}`;
  const type = typeof headers['content-type'] === 'string' ? headers['content-type'] : '';
  const content = (documented.content ?? {}) as Record<string, unknown>;
  if (answer.body !== '') {
    if (!(type in content)) return `content-type ${type} is not documented for ${status}`;
    const body = JSON.parse(answer.body) as unknown;
    const schemaPointer = `${refOf(operation, pointer)}/content/${escape(type)}/schema`;
    const errors = operation.document.errors(schemaPointer, body);
    if (errors) return `the body does not match the documented schema: ${errors}`;
    if (status >= 400 && (body as { status?: unknown }).status !== status)
      return `the problem's status is not ${status}`;
  } else if (status >= 400) return 'an error without a problem document';
  for (const [name, header] of Object.entries((documented.headers ?? {}) as Record<string, Schema>)) {
    const described = typeof header.$ref === 'string' ? operation.document.resolve(header.$ref) : header;
    const value = headers[name.toLowerCase()];
    if (value === undefined) {
      if (described.required === true) return `the required header ${name} is missing`;
      continue;
    }
    const schema = described.schema as Schema;
    const typed = schema.type === 'integer' ? Number(value) : value;
    if (operation.document.errors(`${headerPointer(operation, pointer, name)}/schema`, typed) !== undefined)
      return `header ${name}: ${JSON.stringify(value)} does not match its schema`;
  }
  return undefined;
}

/** Where a response's own object is: the operation's, or the component its `$ref` names. */
function refOf(operation: Operation, pointer: string): string {
  const own = operation.document.resolve(pointer);
  return typeof own.$ref === 'string' ? own.$ref : pointer;
}

function headerPointer(operation: Operation, responsePointer: string, name: string): string {
  const response = refOf(operation, responsePointer);
  const header = operation.document.resolve(`${response}/headers/${escape(name)}`);
  return typeof header.$ref === 'string' ? header.$ref : `${response}/headers/${escape(name)}`;
}
