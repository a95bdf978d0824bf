/**
 * The production build: `dist/server.js`, one ES module holding the service and its dependencies.
 *
 * Why one file: on start, Node resolves, reads and compiles every module file one at a time, and the
 * dependencies bring over a thousand (typebox alone has about 700). Bundled, the service starts faster and
 * uses less memory at its first response; minified it started slower (keeping names costs more than the
 * smaller file saves), so it is not. The before and after are in docs/benchmarks.md ("What moved the
 * figures"); today's figures in bench/results/latest.md. Types are checked before
 * this runs (`npm run build`).
 */
import { rmSync } from 'node:fs';
import { build } from 'esbuild';

rmSync('dist', { recursive: true, force: true });

await build({
  entryPoints: ['src/server.ts'],
  outfile: 'dist/server.js',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // @fastify/swagger reads files next to its own package, so it is loaded from node_modules, as Swagger UI's
  // assets are (docs.ts finds swagger-ui-dist at run time); the image installs the production dependencies.
  external: ['@fastify/swagger'],
  // Bundled CommonJS dependencies (fastify, pino, prom-client) call require() for Node's built-ins,
  // which an ES module does not have.
  banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
  // Maps lines back to src/ for `node --enable-source-maps dist/server.js` when debugging.
  sourcemap: 'linked',
  sourcesContent: false,
  logLevel: 'warning',
});
