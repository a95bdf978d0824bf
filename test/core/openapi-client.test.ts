/**
 * A TypeScript client generated from the served document (openapi-typescript, called through openapi-fetch)
 * types the error responses too: a call that handles a 404 reads it as the Problem schema. The call is
 * type-checked by the TypeScript compiler, then run against the app listening on 127.0.0.1. A document
 * whose errors are undocumented is checked the same way, and must fail: the check has teeth.
 */
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { FastifyInstance } from 'fastify';
import openapiTS, { astToString } from 'openapi-typescript';
import type { OpenAPIV3_1 } from 'openapi-types';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { thingsFeature } from '../helpers/item-feature.js';
import { testSettings } from '../helpers/settings.js';

// What a caller writes: a 404 handled as a typed Problem, and a compile-time proof that errors are not `never`.
const CALL = `
import createClient from 'openapi-fetch';
import type { components, paths } from './api.js';

type Problem = components['schemas']['Problem'];
type IsNever<T> = [T] extends [never] ? true : false;

export async function readThing(baseUrl: string, id: string): Promise<string> {
  const client = createClient<paths>({ baseUrl });
  const { data, error, response } = await client.GET('/v1/things/{id}', { params: { path: { id } } });
  if (error !== undefined) {
    const errorIsTyped: IsNever<typeof error> = false;
    if (response.status === 404) {
      const problem: Problem = error;
      return \`missing (\${problem.status}): \${problem.detail}\`;
    }
    return \`failed: \${error.title} \${String(errorIsTyped)}\`;
  }
  return \`found: \${data.id}\`;
}
`;

let app: FastifyInstance;
let document: OpenAPIV3_1.Document;
const dir = mkdtempSync(join(tmpdir(), 'petsage-client-'));

beforeAll(async () => {
  // The compiler blocks the event loop for seconds; load shedding would rightly answer 503 after it.
  app = createApp(testSettings({ MAX_EVENT_LOOP_DELAY_MS: '0' }), { features: [thingsFeature] });
  document = (await app.inject('/v1/openapi.json')).json<OpenAPIV3_1.Document>();
  // The generated files import openapi-fetch as a user's project would: from node_modules.
  symlinkSync(resolve('node_modules'), join(dir, 'node_modules'), 'dir');
  writeFileSync(join(dir, 'package.json'), '{"type":"module"}');
  writeFileSync(join(dir, 'call.ts'), CALL);
});

afterAll(async () => {
  await app.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Generates api.ts from `source` and type-checks call.ts against it: the compiler's messages. */
async function generateAndCheck(source: OpenAPIV3_1.Document): Promise<string[]> {
  writeFileSync(join(dir, 'api.ts'), astToString(await openapiTS(source as never)));
  const program = ts.createProgram([join(dir, 'call.ts')], {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
    skipLibCheck: true,
  });
  return ts
    .getPreEmitDiagnostics(program)
    .map((diagnostic) => ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
}

describe('a client generated from the document', () => {
  it('types the 404 as the Problem schema, and the call compiles', async () => {
    expect(await generateAndCheck(document)).toEqual([]);
  });

  it('reads the 404 problem at run time, from the app on 127.0.0.1', async () => {
    const address = await app.listen({ host: '127.0.0.1', port: 0 });
    const { readThing } = (await import(pathToFileURL(join(dir, 'call.ts')).href)) as {
      readThing: (baseUrl: string, id: string) => Promise<string>;
    };
    expect(await readThing(address, 'known')).toBe('found: known');
    expect(await readThing(address, 'other')).toBe('missing (404): No thing other.');
  });

  it('does not compile against a document whose errors are undocumented (error typed never)', async () => {
    const bare = structuredClone(document);
    for (const item of Object.values(bare.paths ?? {})) {
      const operation = item?.get;
      if (operation) {
        const responses = Object.entries(operation.responses);
        operation.responses = Object.fromEntries(responses.filter(([status]) => status.startsWith('2')));
      }
    }
    expect(await generateAndCheck(bare)).toContainEqual(
      expect.stringContaining("'false' is not assignable to type 'true'"),
    );
  });
});
