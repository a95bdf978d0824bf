/**
 * The production build: `dist/server.js`, one ES module holding the service and its dependencies.
 *
 * Why one file: on start, Node resolves, reads and compiles every module file one at a time, and the
 * dependencies bring over a thousand (typebox alone has about 700). Bundled, start-up to the first 200
 * fell from 570 ms to 181 ms (1,026 to 447 ms with 300 features) and resident memory at that point from
 * 92.8 to 70.6 MB in the benchmark (docs/benchmarks.md, "What moved the figures"). Minified, it started slower (about
 * 245 ms: keeping names costs more than the smaller file saves), so it is not. Types are checked before
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
