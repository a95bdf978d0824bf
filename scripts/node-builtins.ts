/**
 * An esbuild plugin for the production build (scripts/build.ts): how the bundle takes two kinds of Node's
 * built-in modules, each to keep what the service never uses out of its start-up (docs/benchmarks.md).
 *
 * - `node:http`, imported by an ES import, is required instead. For each built-in an ES module imports, Node
 *   22 and later build an ES facade by reading every export, and `node:http`'s lazy ones (`WebSocket`,
 *   `MessageEvent`, …) load undici: about 10 ms of each start-up and 2 MB at the first 200 on Node 24. A
 *   required module is the same object, read property by property when used, as the bundled CommonJS code
 *   (Fastify and the rest) already takes it. Doing the same for every built-in was measured too: no faster,
 *   and 0.7 MB more.
 * - `https`, `http2` and `dns`, as bundled dependencies require them, are loaded when first used. Fastify
 *   requires all three at load (for an HTTPS or HTTP/2 server, and for listening on `localhost`) and
 *   prom-client `https` (for its Pushgateway); with `tls`, which they bring, that was 2 MB at the first 200.
 *   Such a require gets a stand-in whose properties are the module's, read when first asked for:
 *   `https.createServer` loads `node:https` then, and a property set or deleted on the stand-in is set or
 *   deleted on the module. A dependency that took a property at load time would load the module then, as
 *   before; none of those bundled does.
 *
 * test/tools/node-builtins.test.ts holds the stand-in to the module's own properties, and
 * test/e2e/startup-bundle.test.ts the built service to loading none of these before its first answer.
 */
import type { Plugin } from 'esbuild';

const NAMESPACE = 'node-builtins';
const ON_DEMAND = /^(node:)?(https|http2|dns)$/;

/** The source of the module a stand-in is: `name`'s built-in, required at its first property read. */
const onDemand = (name: string): string => `
let loaded;
const load = () => (loaded ??= require(${JSON.stringify(name)}));
module.exports = new Proxy({}, {
  get: (_, key) => load()[key],
  set: (_, key, value) => Reflect.set(load(), key, value),
  deleteProperty: (_, key) => Reflect.deleteProperty(load(), key),
  has: (_, key) => key in load(),
  ownKeys: () => Reflect.ownKeys(load()),
  getOwnPropertyDescriptor: (_, key) => {
    const found = Reflect.getOwnPropertyDescriptor(load(), key);
    return found && { ...found, configurable: true };
  },
});
`;

/** How the bundle takes a built-in it asks for this way, if this plugin changes it. */
function handling(path: string, kind: string): 'require' | 'on demand' | undefined {
  if (path === 'node:http' && kind === 'import-statement') return 'require';
  if (ON_DEMAND.test(path) && kind === 'require-call') return 'on demand';
  return undefined;
}

export const nodeBuiltins: Plugin = {
  name: NAMESPACE,
  setup(build) {
    build.onResolve({ filter: /^(node:)?(https?|http2|dns)$/ }, ({ path, kind, namespace }) => {
      // Only what the bundle's files ask for: the require in this plugin's own modules resolves as usual.
      const how = namespace === 'file' ? handling(path, kind) : undefined;
      return how && { path: path.startsWith('node:') ? path : `node:${path}`, namespace: NAMESPACE, pluginData: how };
    });
    build.onLoad({ filter: /.*/, namespace: NAMESPACE }, ({ path, pluginData }) => ({
      contents: pluginData === 'require' ? `module.exports = require(${JSON.stringify(path)});` : onDemand(path),
      loader: 'js',
    }));
  },
};
