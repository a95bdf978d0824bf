/**
 * The parts of each version's OpenAPI document that no route declares: who publishes it, where it is
 * served, what its tags mean, the shared problem schema, the named schemas of its routes (components.ts),
 * and each operation's standard responses (operations.ts). Applied to a copy of the version's document as it is first served.
 */
import type { OpenAPIV3_1 } from 'openapi-types';
import type { Settings } from '../../config.js';
import { hoistNamedSchemas } from './components.js';
import { conformOperation } from './operations.js';
import { problemSchema } from './responses.js';

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/** Tags the core itself uses; a feature's own tags are described from their operations (see describeTags). */
const CORE_TAG_DESCRIPTIONS: Readonly<Record<string, string>> = {
  'Health & Smoke Tests':
    'Kubernetes probes (/livez, /readyz) and the smoke test that monitors and deployment pipelines call.',
};

/** The document's `info` and `servers`, as the swagger plugin's base document. */
export function documentBase(settings: Settings): Pick<OpenAPIV3_1.Document, 'info' | 'servers'> {
  return {
    info: {
      title: settings.PROJECT_NAME,
      version: settings.PROJECT_VERSION,
      description:
        'The HTTP API of PetSage, a pet-care product, built from versioned feature modules: this document ' +
        'describes one API version and the unversioned probes. Every error is an RFC 9457 problem document ' +
        '(application/problem+json, see the Problem schema).',
      contact: { name: 'PetSage backend team' },
      // package.json says UNLICENSED: not licensed for use by others. SPDX has no identifier for that, so the
      // document names a LicenseRef, as SPDX prescribes for licenses outside its list.
      license: { name: 'Proprietary', identifier: 'LicenseRef-PetSage-Proprietary' },
    },
    servers: [
      {
        // Relative: the host this document was fetched from, whichever environment that is.
        url: '/',
        description: 'The service that served this document (local, staging or production alike).',
        'x-internal': false,
      } as OpenAPIV3_1.ServerObject,
    ],
  };
}

function operations(document: OpenAPIV3_1.Document): [string, string, OpenAPIV3_1.OperationObject][] {
  return Object.entries(document.paths ?? {}).flatMap(([path, item]) =>
    METHODS.flatMap((method) => {
      const operation = item?.[method];
      return operation ? [[path, method, operation] as [string, string, OpenAPIV3_1.OperationObject]] : [];
    }),
  );
}

/** Top-level tags, sorted: the core's described above, a feature's by the summaries of its operations. */
function describeTags(document: OpenAPIV3_1.Document): OpenAPIV3_1.TagObject[] {
  const summaries = new Map<string, string[]>();
  for (const [, , operation] of operations(document)) {
    for (const tag of operation.tags ?? []) {
      summaries.set(tag, [...(summaries.get(tag) ?? []), operation.summary ?? operation.operationId ?? '']);
    }
  }
  return [...summaries.keys()].sort().map((name) => ({
    name,
    description: CORE_TAG_DESCRIPTIONS[name] ?? `Operations: ${(summaries.get(name) ?? []).join('; ')}.`,
  }));
}

/** Completes one version's document in place (it must be the caller's own copy). */
export function conformDocument(document: OpenAPIV3_1.Document, prefix: string, version: number): OpenAPIV3_1.Document {
  const schemas: Record<string, OpenAPIV3_1.SchemaObject> = { Problem: problemSchema() };
  const components: OpenAPIV3_1.ComponentsObject = { schemas };
  hoistNamedSchemas(document, schemas);
  const seen = new Map<string, string>();
  for (const [path, method, operation] of operations(document)) {
    conformOperation(method, path, operation, { components, prefix, version });
    const id = operation.operationId ?? '';
    const other = seen.get(id);
    if (other)
      throw new Error(`OpenAPI: ${method.toUpperCase()} ${path} and ${other} share operationId "${id}"; declare one`);
    seen.set(id, `${method.toUpperCase()} ${path}`);
  }
  document.components = {
    ...document.components,
    ...components,
    schemas: { ...document.components?.schemas, ...components.schemas },
  };
  document.tags = describeTags(document);
  return document;
}
