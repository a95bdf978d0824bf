/**
 * The API reference's own small app (docs.ts loads it on the first visit): the page and its initializer,
 * Swagger UI's files from swagger-ui-dist, compressed when the browser accepts it (@fastify/compress,
 * brotli or gzip), with helmet's headers (@fastify/helmet) and a CSP fit for plain HTTP (docs.ts says why).
 * It never listens: the service passes it the requests of the page's paths (`routing`).
 */
import compress from '@fastify/compress';
import helmet from '@fastify/helmet';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance } from 'fastify';

export interface DocsFiles {
  /** The page, served at `/docs` and `/docs/`, revalidated on every visit. */
  html: string;
  /** The initializer script, named `initializer` under `staticPrefix`, and its name. */
  script: string;
  initializer: string;
  staticPrefix: string;
  /** swagger-ui-dist's folder, and the files of it that are served (`/name`). */
  root: string;
  assets: ReadonlySet<string>;
  /** How long the browser may keep the files named with a version: they never change under their URL. */
  assetMaxAgeS: number;
}

export async function createDocsApp(files: DocsFiles): Promise<FastifyInstance> {
  const immutable = `public, max-age=${files.assetMaxAgeS}, immutable`;
  const app = Fastify({ logger: false });
  await app.register(helmet, {
    hsts: false,
    contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } },
  });
  await app.register(compress, { encodings: ['br', 'gzip'] });
  for (const path of ['/docs', '/docs/']) {
    app.get(path, async (_request, reply) =>
      reply.header('cache-control', 'no-cache').type('text/html; charset=utf-8').send(files.html),
    );
  }
  app.get(`${files.staticPrefix}${files.initializer}`, async (_request, reply) =>
    reply.header('cache-control', immutable).type('text/javascript; charset=utf-8').send(files.script),
  );
  await app.register(fastifyStatic, {
    root: files.root,
    prefix: files.staticPrefix,
    decorateReply: false,
    index: false,
    allowedPath: (path) => files.assets.has(path),
    maxAge: files.assetMaxAgeS * 1000,
    immutable: true,
  });
  await app.ready();
  return app;
}
