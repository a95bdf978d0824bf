/**
 * An esbuild plugin for the production build (scripts/build.ts): the bundle's `import … from 'node:http'`
 * become `require('node:http')`. On Node 22 and later, an ES module importing `node:http` makes Node build
 * the module's ES facade by reading every export, and the lazy ones (`WebSocket`, `MessageEvent`, …) load
 * undici, which the service never uses: about 10 ms of each start-up and 2 MB of memory at the first 200
 * on Node 24 (docs/benchmarks.md). Required, the module is the same object, read property by property when
 * used; Fastify and the other bundled CommonJS code already take it that way.
 */
import type { Plugin } from 'esbuild';

const NAMESPACE = 'http-by-require';

export const httpByRequire: Plugin = {
  name: NAMESPACE,
  setup(build) {
    // Only ES imports: the `require` of the module below resolves as usual, to Node's own.
    build.onResolve({ filter: /^node:http$/ }, (args) =>
      args.kind === 'import-statement' ? { path: args.path, namespace: NAMESPACE } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: NAMESPACE }, () => ({
      contents: "module.exports = require('node:http');",
      loader: 'js',
    }));
  },
};
