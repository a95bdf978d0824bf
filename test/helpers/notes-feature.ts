/**
 * A small feature that uses the database, for the database platform's tests: its table comes from
 * test/fixtures/features/notes/migrations (pass NOTES_FEATURES_ROOT as createApp's featuresRoot).
 * `GET /notes/sleep/:seconds` runs pg_sleep, to meet the statement timeout.
 */
import { fileURLToPath } from 'node:url';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { sql, type Generated } from 'kysely';
import Type from 'typebox';
import type { FeatureModule } from '../../src/core/features/feature.js';

export const NOTES_FEATURES_ROOT = fileURLToPath(new URL('../fixtures/features/', import.meta.url));

type NotesTables = { notes: { id: Generated<string>; title: string; body: string } };

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const notes = app.db.withTables<NotesTables>();
  app.post(
    '/',
    { schema: { body: Type.Object({ title: Type.String(), body: Type.Optional(Type.String()) }) } },
    async (request, reply) => {
      const created = await notes
        .insertInto('notes')
        .values({ title: request.body.title, body: request.body.body ?? '' })
        .returningAll()
        .executeTakeFirstOrThrow();
      return reply.code(201).send(created);
    },
  );
  app.get(
    '/:id',
    { schema: { params: Type.Object({ id: Type.String({ pattern: '^[0-9]+$' }) }) } },
    async (request, reply) => {
      const note = await notes.selectFrom('notes').selectAll().where('id', '=', request.params.id).executeTakeFirst();
      return note ?? reply.code(404).send({ status: 404 });
    },
  );
  app.get('/sleep/:seconds', { schema: { params: Type.Object({ seconds: Type.Number() }) } }, async (request) => {
    await sql`select pg_sleep(${request.params.seconds})`.execute(app.db);
    return { slept: request.params.seconds };
  });
  app.get('/broken', async () => {
    await sql`select * from no_such_table`.execute(app.db);
    return {};
  });
};

export const notesFeature: FeatureModule = {
  name: 'notes',
  version: 1,
  usesDatabase: true,
  router: routes,
};
