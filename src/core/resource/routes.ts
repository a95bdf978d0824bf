/**
 * The engine: a resource version's routes, from its declaration (the domain: fields and rules) and the
 * version's contract choices (its tag, scopes, the operations and fields it exposes, its custom routes).
 * List, read, create, change and delete, with ETag and If-Match (preconditions.ts), cursor pages
 * (cursor.ts), a problem document for each error (400 per field, 404, 409, 412, 428, and 503 while the
 * database is away, from the central error handler). A fix here reaches every resource and every version.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import { IdempotencyKeyHeaders, idempotencyResponses, REPLAYED_HEADER } from '../idempotency/openapi.js';
import type { ChangesOf, Fields, NewOf, ResourceDeclaration, RowOf } from './declaration.js';
import { nounsOf } from './nouns.js';
import { DATABASE_UNAVAILABLE, ETAG_HEADER, IdParams, IF_MATCH, locationHeader } from './openapi.js';
import { problemResponses } from '../errors/problem.js';
import { etagOf, expectedRevision } from './preconditions.js';
import { accessOf } from './access.js';
import { referencesTo } from './declared.js';
import { resourceSchemas, DEFAULT_PAGE_SIZE, type ResourceSchemas } from './schemas.js';
import { recordService, type RecordService } from './service.js';
import { resourceStore } from './store.js';

export const OPERATIONS = ['list', 'get', 'create', 'update', 'delete'] as const;
export type Operation = (typeof OPERATIONS)[number];

export type ResourceService<F extends Fields> = RecordService<RowOf<F>, NewOf<F>, ChangesOf<F>, ChangesOf<F>>;

/** What one version of a resource promises its clients, beside the declaration. */
export interface ResourceContract<F extends Fields> {
  /** The OpenAPI tag of its operations. */
  readonly tag: string;
  /**
   * The scopes its reads and writes need; with `admin` too (`<feature>:admin` when not given), a caller
   * sees and changes every record, and sees each one's owner.
   */
  readonly scopes: { readonly read: string; readonly write: string; readonly admin?: string };
  /** The operations it serves (all five when not given). */
  readonly operations?: readonly Operation[];
  /** The fields it shows and takes (all when not given); a hidden field must be optional or have a default. */
  readonly fields?: readonly (keyof F & string)[];
  /**
   * Routes of its own beside the CRUD ones (under the same prefix), with the resource's service and
   * schemas: a report, an action on a record. Each declares its schema and security like any route.
   */
  readonly routes?: (
    app: FastifyInstance,
    resource: { readonly service: ResourceService<F>; readonly schemas: ResourceSchemas },
  ) => void | Promise<void>;
}

function exposedFields<F extends Fields>(
  resource: ResourceDeclaration<F>,
  names: readonly string[] | undefined,
): Fields {
  if (names === undefined) return resource.fields;
  const hidden = Object.entries(resource.fields).filter(([name]) => !names.includes(name));
  const needed = hidden.find(([, field]) => !field.optional && field.default === undefined);
  if (needed !== undefined) {
    throw new Error(
      `${resource.table}: field ${needed[0]} is hidden, but a new record must give it (make it optional or give it a default).`,
    );
  }
  return Object.fromEntries(Object.entries(resource.fields).filter(([name]) => names.includes(name)));
}

export function resourceRouter<F extends Fields>(
  resource: ResourceDeclaration<F>,
  contract: ResourceContract<F>,
): FastifyPluginAsyncTypebox {
  const nouns = nounsOf(resource.table, resource.singular);
  const schemas = resourceSchemas(exposedFields(resource, contract.fields), nouns);
  const served = new Set<Operation>(contract.operations ?? OPERATIONS);
  const tags = [contract.tag];
  const access = accessOf(resource, contract.scopes.admin ?? `${resource.table}:admin`);
  const READ = [{ bearerAuth: [contract.scopes.read] }];
  const WRITE = [{ bearerAuth: [contract.scopes.write] }];
  const NOT_FOUND = { 404: `No ${nouns.one} has this id.` };
  const uniques = Object.entries(resource.fields)
    .filter(([, field]) => field.unique)
    .map(([name]) => name);
  const CONFLICT: Record<number, string> =
    uniques.length === 0
      ? {}
      : {
          409: `${nouns.AOne} with the same ${uniques.join(' or the same ')} already exists.`,
        };
  const PRECONDITIONS = {
    412: 'If-Match does not name the current revision: the record changed since it was read.',
    428: 'If-Match is missing.',
  };
  // The record, with the headers its answer carries (@fastify/swagger moves them out of the schema).
  const withHeaders = (headers: object) => ({ ...schemas.Record, headers });

  return async (app) => {
    const service: ResourceService<F> = recordService(
      { repository: resourceStore(resource, app.statements), clock: () => new Date(), newId: randomUUID },
      nouns.one,
      resource.rules,
    );

    if (served.has('list')) {
      app.get(
        '/',
        {
          schema: {
            operationId: `list${nouns.Many}`,
            tags,
            summary: `List ${nouns.many}`,
            description: `A page of records, oldest first, with equality filters on their fields. Follow next_cursor for the next page. ${access.description}`,
            security: READ,
            querystring: schemas.ListQuery,
            response: {
              200: schemas.Page,
              ...problemResponses({
                400: 'A query parameter is invalid (each one is listed).',
                ...DATABASE_UNAVAILABLE,
              }),
            },
          },
        },
        async (request) => {
          const {
            limit = DEFAULT_PAGE_SIZE,
            cursor,
            ...filters
          } = request.query as {
            limit?: number;
            cursor?: string;
          } & ChangesOf<F>;
          const after = cursor === undefined ? undefined : app.pageCursors.decode(cursor);
          const caller = access.caller(request);
          const page = await service.list({ limit, after, filters: filters as ChangesOf<F> }, caller);
          return {
            items: page.items.map((record) => access.shown(caller, record)),
            next_cursor: page.next === undefined ? null : app.pageCursors.encode(page.next),
          };
        },
      );
    }

    if (served.has('get')) {
      app.get(
        '/:id',
        {
          schema: {
            operationId: `get${nouns.One}`,
            tags,
            summary: `Read ${nouns.aOne}`,
            description: `The record with this id, with its revision in ETag. ${access.description}`,
            security: READ,
            params: IdParams,
            response: {
              200: withHeaders(ETAG_HEADER),
              ...problemResponses({ 400: 'The id is not a UUID.', ...NOT_FOUND, ...DATABASE_UNAVAILABLE }),
            },
          },
        },
        async (request, reply) => {
          const caller = access.caller(request);
          const record = await service.get(request.params.id, caller);
          return reply.header('etag', etagOf(record.revision)).send(access.shown(caller, record));
        },
      );
    }

    if (served.has('create')) {
      app.post(
        '/',
        {
          schema: {
            operationId: `create${nouns.One}`,
            tags,
            summary: `Create ${nouns.aOne}`,
            description: `Stores a new record; answers 201 with it, its URL in Location and its revision in ETag. With Idempotency-Key, a retry gets the same answer instead of a second record. ${access.description}`,
            security: WRITE,
            headers: IdempotencyKeyHeaders,
            body: schemas.Create,
            response: {
              201: withHeaders({
                ...locationHeader(`${app.prefix}/${String(schemas.examples.record.id)}`),
                ...ETAG_HEADER,
                ...REPLAYED_HEADER,
              }),
              ...problemResponses({
                400: 'A field is invalid (each one is listed).',
                ...DATABASE_UNAVAILABLE,
              }),
              ...idempotencyResponses(CONFLICT[409]),
            },
          },
        },
        async (request, reply) => {
          const caller = access.caller(request);
          return app.keyedAnswer(request, reply, async () => {
            const record = await service.create(request.body as NewOf<F>, caller);
            const headers = { location: `${app.prefix}/${record.id}`, etag: etagOf(record.revision) };
            return { status: 201, headers, body: access.shown(caller, record) };
          });
        },
      );
    }

    if (served.has('update')) {
      app.patch(
        '/:id',
        {
          schema: {
            operationId: `update${nouns.One}`,
            tags,
            summary: `Change ${nouns.aOne}`,
            description: `Changes the fields given (null clears an optional one). If-Match must carry the ETag of the record as last read. ${access.description}`,
            security: WRITE,
            params: IdParams,
            ...IF_MATCH,
            body: schemas.Patch,
            response: {
              200: withHeaders(ETAG_HEADER),
              ...problemResponses({
                400: 'The id, or a field, is invalid (each one is listed).',
                ...NOT_FOUND,
                ...CONFLICT,
                ...PRECONDITIONS,
                ...DATABASE_UNAVAILABLE,
              }),
            },
          },
        },
        async (request, reply) => {
          const expected = expectedRevision(request.headers['if-match']);
          const caller = access.caller(request);
          const record = await service.update(request.params.id, expected, request.body as ChangesOf<F>, caller);
          return reply.header('etag', etagOf(record.revision)).send(access.shown(caller, record));
        },
      );
    }

    if (served.has('delete')) {
      // Known once every feature is loaded: which resources refer to this one, and refuse its deletes.
      const restricting = referencesTo(resource.table).filter((ref) => ref.onDelete === 'restrict');
      const REFERRED: Record<number, string> =
        restricting.length === 0
          ? {}
          : {
              409: `Other records still refer to it (${restricting.map((ref) => `${ref.table}.${ref.field}`).join(', ')}): delete or change those first.`,
            };
      app.delete(
        '/:id',
        {
          schema: {
            operationId: `delete${nouns.One}`,
            tags,
            summary: `Delete ${nouns.aOne}`,
            description: `Deletes the record. If-Match must carry the ETag of the record as last read. ${access.description}`,
            security: WRITE,
            params: IdParams,
            ...IF_MATCH,
            response: {
              204: Type.Null({ description: 'Deleted.' }),
              ...problemResponses({
                400: 'The id is not a UUID.',
                ...NOT_FOUND,
                ...REFERRED,
                ...PRECONDITIONS,
                ...DATABASE_UNAVAILABLE,
              }),
            },
          },
        },
        async (request, reply) => {
          const expected = expectedRevision(request.headers['if-match']);
          await service.remove(request.params.id, expected, access.caller(request));
          return reply.code(204).send(null);
        },
      );
    }

    await contract.routes?.(app, { service, schemas });
  };
}
