/**
 * The build's stand-ins for `https`, `http2` and `dns` (scripts/builtins-on-demand.ts): a bundle built with
 * the plugin, run by a fresh Node, loads none of them until a property is read, then answers exactly the
 * module's own properties; a require of any other built-in is left alone.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, expect, it } from 'vitest';
import { builtinsOnDemand } from '../../scripts/builtins-on-demand.js';

const dir = mkdtempSync(join(tmpdir(), 'petsage-builtins-on-demand-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** What a dependency of the service does: require the built-ins at load, use them later. */
const ENTRY = `
const loaded = (name) => process.moduleLoadList.includes('NativeModule ' + name);
const https = require('https');
const http2 = require('node:http2');
const dns = require('node:dns');
const os = require('node:os');
const before = { https: loaded('https'), http2: loaded('http2'), dns: loaded('dns'), tls: loaded('tls'), os: loaded('os') };
const own = require('node:module').createRequire(__filename);
const real = own('node:https');
const same = https.createServer === real.createServer && https.Agent === real.Agent && 'request' in https &&
  JSON.stringify(Object.keys(https)) === JSON.stringify(Object.keys(real)) && typeof dns.lookup === 'function' &&
  typeof http2.connect === 'function' && typeof os.cpus === 'function';
console.log(JSON.stringify({ before, same, after: { https: loaded('https'), http2: loaded('http2'), dns: loaded('dns') } }));
`;

it('loads https, http2 and dns when first used, each the real module, and leaves other built-ins alone', async () => {
  const entry = join(dir, 'entry.js');
  const outfile = join(dir, 'bundle.cjs');
  writeFileSync(entry, ENTRY);
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    plugins: [builtinsOnDemand],
    logLevel: 'silent',
  });
  const result = JSON.parse(execFileSync(process.execPath, [outfile], { encoding: 'utf8' })) as unknown;
  expect(result).toEqual({
    before: { https: false, http2: false, dns: false, tls: false, os: true },
    same: true,
    after: { https: true, http2: true, dns: true },
  });
});
