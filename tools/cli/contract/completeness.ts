/**
 * `feature check`'s contract rules, read from the OpenAPI document a version serves: every operation of the
 * feature is complete (an operationId, a summary, tags, a success response with a schema and an example,
 * its errors as problem documents, its path parameters declared), each example is valid against its own
 * schema, and each ```json example of the README is one of those examples, so the README cannot drift from
 * the contract.
 */
import { isDeepStrictEqual } from 'node:util';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { Violation } from '../check.js';
import { codeBlocks } from '../markdown.js';

interface Media {
  schema?: object;
  example?: unknown;
}

interface Response {
  $ref?: string;
  description?: string;
  content?: Record<string, Media>;
}

interface Operation {
  operationId?: string;
  summary?: string;
  tags?: string[];
  parameters?: { in: string; name: string }[];
  requestBody?: { content?: Record<string, Media> };
  responses?: Record<string, Response>;
}

export interface ContractDocument {
  paths?: Record<string, Record<string, Operation>>;
  components?: { responses?: Record<string, Response>; schemas?: Record<string, object> };
}

/** A response, or the shared one its `$ref` names (`#/components/responses/<name>`); undefined if none. */
function resolve(document: ContractDocument, response: Response): Response | undefined {
  if (response.$ref === undefined) return response;
  const name = /^#\/components\/responses\/([^/]+)$/.exec(response.$ref)?.[1];
  return name === undefined ? undefined : document.components?.responses?.[name];
}

/** Every ```json block of a README (as a Markdown parser reads it), parsed; one that is not JSON is kept as text. */
export function readmeExamples(markdown: string): { json: unknown; text: string }[] {
  return codeBlocks(markdown, 'json').map((text) => {
    try {
      return { json: JSON.parse(text) as unknown, text };
    } catch {
      return { json: undefined, text };
    }
  });
}

const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats.default(ajv);

const exampleOf = (media: Media): unknown =>
  media.example ?? (media.schema as { examples?: unknown[] } | undefined)?.examples?.[0];

interface Example {
  readonly where: string;
  readonly schema: object | undefined;
  readonly example: unknown;
}

function operationViolations(
  document: ContractDocument,
  where: string,
  { path, method, operation }: { path: string; method: string; operation: Operation },
  ids: Set<string>,
): string[] {
  const problems: string[] = [];
  if (!operation.operationId) problems.push('has no operationId');
  else if (ids.has(operation.operationId)) problems.push(`repeats operationId ${operation.operationId}`);
  else ids.add(operation.operationId);
  if (!operation.summary) problems.push('has no summary');
  if (!operation.tags?.length) problems.push('has no tag');
  for (const name of path.match(/\{[^}]+\}/g) ?? []) {
    const declared = operation.parameters?.some((p) => p.in === 'path' && `{${p.name}}` === name);
    if (!declared) problems.push(`does not declare its path parameter ${name}`);
  }
  const responses = Object.entries(operation.responses ?? {});
  if (!responses.some(([status]) => status.startsWith('2'))) problems.push('declares no success response');
  for (const [status, declared] of responses) {
    const response = resolve(document, declared);
    if (response === undefined) {
      problems.push(`response ${status} refers to ${declared.$ref ?? ''}, which the document does not hold`);
      continue;
    }
    if (!response.description) problems.push(`response ${status} has no description`);
    const content = response.content ?? {};
    // A HEAD success has no body (RFC 9110, 9.3.2): its GET's document says what the body would be.
    if (status.startsWith('2') && status !== '204' && method !== 'head') {
      const media = content['application/json'];
      if (media?.schema === undefined) problems.push(`response ${status} has no application/json schema`);
      else if (exampleOf(media) === undefined) problems.push(`response ${status} has no example`);
    }
    if (/^[45]/.test(status) && content['application/problem+json'] === undefined) {
      problems.push(`response ${status} is not a problem document (application/problem+json)`);
    }
  }
  const body = operation.requestBody?.content?.['application/json'];
  if (operation.requestBody !== undefined && (body?.schema === undefined || exampleOf(body) === undefined)) {
    problems.push('request body has no application/json schema with an example');
  }
  return problems.map((problem) => `${where} ${problem}`);
}

function examplesOf(where: string, operation: Operation): Example[] {
  const media: [string, Media | undefined][] = [
    [`${where} request body`, operation.requestBody?.content?.['application/json']],
    ...Object.entries(operation.responses ?? {})
      .filter(([status]) => status.startsWith('2'))
      .map(([status, response]): [string, Media | undefined] => [
        `${where} response ${status}`,
        response.content?.['application/json'],
      ]),
  ];
  return media
    .filter((entry): entry is [string, Media] => entry[1] !== undefined && exampleOf(entry[1]) !== undefined)
    .map(([label, item]) => ({ where: label, schema: item.schema, example: exampleOf(item) }));
}

/** The contract violations of one feature version, given its OpenAPI document and its README's text. */
export function contractViolations(
  document: ContractDocument,
  base: string,
  paths: { readonly module: string; readonly readme: string },
  readme: string | undefined,
): Violation[] {
  const violations: Violation[] = [];
  const ids = new Set<string>();
  const examples: Example[] = [];
  const operations = Object.entries(document.paths ?? {})
    .filter(([path]) => path === `${base}/` || path.startsWith(`${base}/`))
    .flatMap(([path, item]) => Object.entries(item).map(([method, operation]) => ({ path, method, operation })));
  if (operations.length === 0) violations.push({ path: paths.module, problem: `serves no operation under ${base}/` });
  for (const entry of operations) {
    const { path, method, operation } = entry;
    const where = `${method.toUpperCase()} ${path}`;
    for (const problem of operationViolations(document, where, entry, ids)) {
      violations.push({ path: paths.module, problem });
    }
    examples.push(...examplesOf(where, operation));
  }
  for (const { where, schema, example } of examples) {
    // The document's named schemas beside it, so its `$ref`s (#/components/schemas/Pet) resolve.
    if (schema !== undefined && !ajv.validate({ ...schema, components: document.components }, example)) {
      violations.push({
        path: paths.module,
        problem: `${where}: example does not match its schema: ${ajv.errorsText()}`,
      });
    }
  }
  if (readme === undefined) return violations;
  const blocks = readmeExamples(readme);
  if (blocks.length === 0) violations.push({ path: paths.readme, problem: 'no ```json example block' });
  for (const { json, text } of blocks) {
    const first = text.trim().split('\n')[0] ?? '';
    if (json === undefined) violations.push({ path: paths.readme, problem: `example ${first} is not JSON` });
    else if (!examples.some(({ example }) => isDeepStrictEqual(example, json))) {
      violations.push({
        path: paths.readme,
        problem: `example starting ${first} differs from every example of the OpenAPI document (requests and responses)`,
      });
    }
  }
  return violations;
}
