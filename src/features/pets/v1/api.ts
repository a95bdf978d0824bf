/**
 * Routes of the Pets feature (v1): list, read, create, change and delete records, under
 * the prefix the app mounts them at (`/v1/pets`, from the FeatureModule's name). Reads
 * and writes declare the scopes they need (security). Every error is a problem document; the domain is
 * ../service.ts.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { decodeCursor, encodeCursor } from '../../../core/resource/cursor.js';
import {
  DATABASE_UNAVAILABLE,
  ETAG_HEADER,
  IdParams,
  IfMatchHeaders,
  LOCATION_HEADER,
  problemResponses,
} from '../../../core/resource/openapi.js';
import { etagOf, expectedRevision } from '../../../core/resource/preconditions.js';
import { toJson } from '../../../core/resource/representation.js';
import { petsRepository } from '../repository.js';
import { petsService } from '../service.js';
import { DEFAULT_PAGE_SIZE, Pet, PetCreate, PetListQuery, PetPage, PetPatch, petExample } from './models.js';

const tags = ['Pets'];
const READ = [{ bearerAuth: ['pets:read'] }];
const WRITE = [{ bearerAuth: ['pets:write'] }];

const NOT_FOUND = { 404: 'No pet has this id.' };
const CONFLICT = {};
const PRECONDITIONS = {
  412: 'If-Match does not name the current revision: the record changed since it was read.',
  428: 'If-Match is missing.',
};

/** A record with its ETag, as GET and PATCH answer it. */
const PetWithEtag = Type.Object(Pet.properties, {
  additionalProperties: false,
  description: 'A pet.',
  examples: [petExample],
  headers: ETAG_HEADER,
});

export const router: FastifyPluginAsyncTypebox = async (app) => {
  const service = petsService({
    repository: petsRepository(app.db),
    clock: () => new Date(),
    newId: randomUUID,
  });

  app.get(
    '/',
    {
      schema: {
        operationId: 'listPetsV1',
        tags,
        summary: 'List pets',
        description:
          'A page of records, oldest first, with equality filters on their fields. Follow next_cursor for the next page.',
        security: READ,
        querystring: PetListQuery,
        response: {
          200: PetPage,
          ...problemResponses({ 400: 'A query parameter is invalid (each one is listed).', ...DATABASE_UNAVAILABLE }),
        },
      },
    },
    async (request) => {
      const { limit = DEFAULT_PAGE_SIZE, cursor, ...filters } = request.query;
      const after = cursor === undefined ? undefined : decodeCursor(cursor);
      const page = await service.list({ limit, after, filters });
      return { items: page.items.map(toJson), next_cursor: page.next === undefined ? null : encodeCursor(page.next) };
    },
  );

  app.get(
    '/:id',
    {
      schema: {
        operationId: 'getPetV1',
        tags,
        summary: 'Read a pet',
        description: 'The record with this id, with its revision in ETag.',
        security: READ,
        params: IdParams,
        response: {
          200: PetWithEtag,
          ...problemResponses({ 400: 'The id is not a UUID.', ...NOT_FOUND, ...DATABASE_UNAVAILABLE }),
        },
      },
    },
    async (request, reply) => {
      const record = await service.get(request.params.id);
      return reply.header('etag', etagOf(record.revision)).send(toJson(record));
    },
  );

  app.post(
    '/',
    {
      schema: {
        operationId: 'createPetV1',
        tags,
        summary: 'Create a pet',
        description: 'Stores a new record; answers 201 with it, its URL in Location and its revision in ETag.',
        security: WRITE,
        body: PetCreate,
        response: {
          201: Type.Object(Pet.properties, {
            additionalProperties: false,
            description: 'A pet.',
            examples: [petExample],
            headers: { ...LOCATION_HEADER, ...ETAG_HEADER },
          }),
          ...problemResponses({
            400: 'A field is invalid (each one is listed).',
            ...CONFLICT,
            ...DATABASE_UNAVAILABLE,
          }),
        },
      },
    },
    async (request, reply) => {
      const record = await service.create(request.body);
      return reply
        .code(201)
        .header('location', `${app.prefix}/${record.id}`)
        .header('etag', etagOf(record.revision))
        .send(toJson(record));
    },
  );

  app.patch(
    '/:id',
    {
      schema: {
        operationId: 'updatePetV1',
        tags,
        summary: 'Change a pet',
        description:
          'Changes the fields given (null clears an optional one). If-Match must carry the ETag of the record as last read.',
        security: WRITE,
        params: IdParams,
        headers: IfMatchHeaders,
        body: PetPatch,
        response: {
          200: PetWithEtag,
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
      const record = await service.update(request.params.id, expected, request.body);
      return reply.header('etag', etagOf(record.revision)).send(toJson(record));
    },
  );

  app.delete(
    '/:id',
    {
      schema: {
        operationId: 'deletePetV1',
        tags,
        summary: 'Delete a pet',
        description: 'Deletes the record. If-Match must carry the ETag of the record as last read.',
        security: WRITE,
        params: IdParams,
        headers: IfMatchHeaders,
        response: {
          204: Type.Null({ description: 'Deleted.' }),
          ...problemResponses({
            400: 'The id is not a UUID.',
            ...NOT_FOUND,
            ...PRECONDITIONS,
            ...DATABASE_UNAVAILABLE,
          }),
        },
      },
    },
    async (request, reply) => {
      await service.remove(request.params.id, expectedRevision(request.headers['if-match']));
      return reply.code(204).send(null);
    },
  );
};
