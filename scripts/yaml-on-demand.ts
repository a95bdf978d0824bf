/**
 * What the build gives @fastify/swagger in place of `yaml` (scripts/build.ts, `alias`): the plugin requires
 * `yaml` when it is registered, only to offer YAML documents, which this service never serves (its documents
 * are JSON). Loading it cost about 60 ms of every start-up; here it is loaded on first use instead.
 */
// A namespace import: the bundle's banner declares its own `createRequire`.
import nodeModule from 'node:module';
import type * as Yaml from 'yaml';

type Options = Yaml.DocumentOptions & Yaml.SchemaOptions & Yaml.ParseOptions & Yaml.CreateNodeOptions;

let loaded: typeof Yaml | undefined;
const yaml = (): typeof Yaml => (loaded ??= nodeModule.createRequire(import.meta.url)('yaml') as typeof Yaml);

export const stringify = (value: unknown, options?: Options & Yaml.ToStringOptions): string =>
  yaml().stringify(value, options);
export const parse = (source: string, options?: Options & Yaml.ToJSOptions): unknown =>
  yaml().parse(source, options) as unknown;
