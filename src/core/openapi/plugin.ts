/**
 * The OpenAPI 3.1 documents, generated from the route schemas by @fastify/swagger: one per API version,
 * at `<version prefix>/openapi.json` (`/v1/openapi.json`), as FastAPI serves `openapi_url`. Each lists
 * that version's operations plus the unversioned ones. A document is built on first request, then cached.
 */
import swagger from '@fastify/swagger';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { OpenAPIV3_1 } from 'openapi-types';
import { apiPrefix, type Settings } from '../../config.js';
import { bearerSecurityScheme } from '../auth/openapi-scheme.js';
import { BEARER_SCHEME } from '../auth/requirement.js';
import { conformDocument, documentBase } from './document.js';
import { ROUTE_FACTS, type RouteFacts } from './operations.js';

export interface OpenApiOptions {
  settings: Settings;
  versions: readonly number[];
}

export function openApiPath(settings: Settings, version: number): string {
  return `${apiPrefix(settings, version)}/openapi.json`;
}

export const openApi = fp<OpenApiOptions>(
  async (app: FastifyInstance, { settings, versions }) => {
    await app.register(swagger, {
      // Fastify answers HEAD wherever it answers GET (RFC 9110 asks it of every server), so the documents say so.
      exposeHeadRoutes: true,
      openapi: {
        openapi: '3.1.0',
        ...documentBase(settings),
        // The scheme routes name in `schema.security`; auth/openapi-scheme.ts says why HTTP bearer.
        components: { securitySchemes: { [BEARER_SCHEME]: bearerSecurityScheme(settings) } },
      },
      // Hands each route's facts to the document's completion (openapi/operations.ts), which removes them.
      transform: ({ schema, url, route }) => {
        const facts: RouteFacts = {
          shedLoad: route.config?.shedLoad !== false,
          rateLimited: route.config?.rateLimited !== false,
          ...(route.config?.deprecation ? { deprecation: route.config.deprecation } : {}),
        };
        return { schema: { ...schema, [ROUTE_FACTS]: facts }, url };
      },
    });
    const prefixes = versions.map((version) => apiPrefix(settings, version));
    versions.forEach((version, index) => {
      const prefix = prefixes[index] ?? '';
      let document: string | undefined;
      app.get(`${prefix}/openapi.json`, { schema: { hide: true } }, async (_request, reply) => {
        document ??= JSON.stringify(
          conformDocument(versionDocument(app.swagger() as OpenAPIV3_1.Document, prefix, prefixes), prefix, version),
        );
        return reply.type('application/json').send(document);
      });
    });
  },
  { name: 'openapi' },
);

/**
 * The part of the whole document that belongs to one version: its own paths and the unversioned ones.
 * A route declared as `/` under a prefix answers with and without the trailing slash; only the slash
 * form, the canonical one, is listed.
 */
function versionDocument(
  whole: OpenAPIV3_1.Document,
  prefix: string,
  prefixes: readonly string[],
): OpenAPIV3_1.Document {
  const isUnder = (path: string, candidate: string): boolean => path === candidate || path.startsWith(`${candidate}/`);
  const allPaths = whole.paths ?? {};
  const paths = Object.fromEntries(
    Object.entries(allPaths).filter(
      ([path]) =>
        (isUnder(path, prefix) || !prefixes.some((other) => isUnder(path, other))) && !(`${path}/` in allPaths),
    ),
  );
  // A deep copy: the completion that follows writes into it, and the whole document is shared by every version.
  return withoutUnusedSchemes(structuredClone({ ...whole, paths }));
}

/**
 * The swagger plugin needs every scheme a route names declared up front; a version whose operations name
 * none (no resource) lists none, so its document declares nothing it does not use.
 */
function withoutUnusedSchemes(document: OpenAPIV3_1.Document): OpenAPIV3_1.Document {
  const schemes = document.components?.securitySchemes;
  if (schemes === undefined) return document;
  const used = new Set(
    Object.values(document.paths ?? {}).flatMap((item) =>
      Object.values(item ?? {}).flatMap((operation) =>
        ((operation as OpenAPIV3_1.OperationObject).security ?? []).flatMap((requirement) => Object.keys(requirement)),
      ),
    ),
  );
  for (const name of Object.keys(schemes)) {
    if (!used.has(name)) Reflect.deleteProperty(schemes, name);
  }
  if (Object.keys(schemes).length === 0) delete document.components?.securitySchemes;
  return document;
}
