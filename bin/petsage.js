#!/usr/bin/env node
// The `petsage` developer command. It runs the TypeScript sources directly through tsx (a devDependency),
// so it works on a fresh clone after `npm ci`, with no build step; it is not part of the built service.
import process from 'node:process';
import { register } from 'tsx/esm/api';

register();
const { run } = await import('../tools/cli/main.ts');
process.exitCode = await run(process.argv.slice(2));
