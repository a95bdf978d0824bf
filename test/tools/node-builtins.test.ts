/**
 * How the production build takes Node's built-ins (scripts/node-builtins.ts), on small bundles built with the
 * plugin and run by a fresh Node: `https`, `http2` and `dns`, required, load when a property is first read,
 * then answer exactly the module's own properties and pass writes and deletes on to it; `node:http`,
 * imported, is required (no ES import of it is left to make Node build its facade); any other built-in is
 * left as it is.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, expect, it } from 'vitest';
import { nodeBuiltins } from '../../scripts/node-builtins.js';

const dir = mkdtempSync(join(tmpdir(), 'petsage-node-builtins-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** Bundles `source` (an entry file of the bundle's own, as the service's are) and runs it; its JSON output. */
async function run(name: string, source: string, format: 'cjs' | 'esm'): Promise<{ output: unknown; code: string }> {
  const entry = join(dir, `${name}.js`);
  const outfile = join(dir, `${name}.bundle.${format === 'cjs' ? 'cjs' : 'mjs'}`);
  writeFileSync(entry, source);
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format,
    // As scripts/build.ts gives the ES bundle a require of its own.
    ...(format === 'esm'
      ? {
          banner: {
            js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
          },
        }
      : {}),
    plugins: [nodeBuiltins],
    logLevel: 'silent',
  });
  const output = JSON.parse(execFileSync(process.execPath, [outfile], { encoding: 'utf8' })) as unknown;
  return { output, code: readFileSync(outfile, 'utf8') };
}

it('loads https, http2 and dns when first used, each the real module, and leaves other built-ins alone', async () => {
  const { output } = await run(
    'on-demand',
    `
const loaded = (name) => process.moduleLoadList.includes('NativeModule ' + name);
const https = require('https');
const http2 = require('node:http2');
const dns = require('node:dns');
const os = require('node:os');
const before = { https: loaded('https'), http2: loaded('http2'), dns: loaded('dns'), tls: loaded('tls') };
const real = require('node:module').createRequire(__filename);
const same = https.createServer === real('node:https').createServer && https.Agent === real('node:https').Agent &&
  'request' in https && JSON.stringify(Object.keys(https)) === JSON.stringify(Object.keys(real('node:https'))) &&
  dns.lookup === real('node:dns').lookup && http2.connect === real('node:http2').connect;
const agent = new (real('node:https').Agent)();
const original = https.globalAgent;
https.globalAgent = agent;
const written = real('node:https').globalAgent === agent && https.globalAgent === agent;
https.globalAgent = original;
https.unusedByNode = 1;
const deleted = delete https.unusedByNode && !('unusedByNode' in real('node:https'));
console.log(JSON.stringify({ before, same, written, deleted, osUntouched: os === real('node:os'),
  after: { https: loaded('https'), http2: loaded('http2'), dns: loaded('dns') } }));
`,
    'cjs',
  );
  expect(output).toEqual({
    before: { https: false, http2: false, dns: false, tls: false },
    same: true,
    written: true,
    deleted: true,
    osUntouched: true,
    after: { https: true, http2: true, dns: true },
  });
});

it('requires node:http where the bundle imports it, the same module, and leaves other ES imports of built-ins', async () => {
  const { output, code } = await run(
    'by-require',
    `
import http, { STATUS_CODES } from 'node:http';
import { cpus } from 'node:os';
// The banner's require, as the bundle's own CommonJS code has it.
const real = require('node:http');
console.log(JSON.stringify({ same: http.createServer === real.createServer && STATUS_CODES === real.STATUS_CODES,
  os: typeof cpus }));
`,
    'esm',
  );
  expect(output).toEqual({ same: true, os: 'function' });
  expect(code).not.toMatch(/from\s*["']node:http["']/);
  expect(code).toMatch(/require\(["']node:http["']\)/);
  expect(code).toMatch(/from\s*["']node:os["']/);
});
