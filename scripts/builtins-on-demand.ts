/**
 * An esbuild plugin for the production build (scripts/build.ts): Node's `https`, `http2` and `dns`, as the
 * bundled dependencies require them, are loaded when first used instead of as the bundle starts. Fastify
 * requires all three at load (for an HTTPS or HTTP/2 server and for listening on `localhost`) and
 * prom-client requires `https` for its Pushgateway; the service uses none of these, and loading them (with
 * `tls`, which `https` and `http2` bring) cost about 10 ms of each start-up on Node 24 (docs/benchmarks.md).
 *
 * What such a require gets is a stand-in whose properties are the module's, read when first asked for:
 * `https.createServer` loads `node:https` then. A dependency that took a property at load time would load
 * the module then, as before; none of those bundled does. test/e2e/startup-bundle.test.ts holds the bundle
 * to not loading them before the first answer.
 */
import type { Plugin } from 'esbuild';

const NAMESPACE = 'builtins-on-demand';
const ON_DEMAND = /^(node:)?(https|http2|dns)$/;

/** The stand-in's source for the built-in `name` (`node:https`, …). */
const standIn = (name: string): string => `
let loaded;
const load = () => (loaded ??= require(${JSON.stringify(name)}));
module.exports = new Proxy({}, {
  get: (_, key) => load()[key],
  has: (_, key) => key in load(),
  ownKeys: () => Reflect.ownKeys(load()),
  getOwnPropertyDescriptor: (_, key) => {
    const found = Reflect.getOwnPropertyDescriptor(load(), key);
    return found && { ...found, configurable: true };
  },
});
`;

export const builtinsOnDemand: Plugin = {
  name: NAMESPACE,
  setup(build) {
    // A require from the bundle's own code or its dependencies; the stand-in's own require resolves as usual.
    build.onResolve({ filter: ON_DEMAND }, (args) =>
      args.kind === 'require-call' && args.namespace === 'file'
        ? { path: args.path.startsWith('node:') ? args.path : `node:${args.path}`, namespace: NAMESPACE }
        : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: NAMESPACE }, (args) => ({ contents: standIn(args.path), loader: 'js' }));
  },
};
