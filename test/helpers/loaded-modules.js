// Test-only preload (`node --import ./test/helpers/loaded-modules.js ...`, test/e2e/startup-bundle.test.ts):
// at exit, writes the files the process loaded with require() (its CommonJS modules, as the node_modules
// packages left outside the bundle are) to LOADED_MODULES_FILE, one path a line, then Node's own modules it
// loaded (process.moduleLoadList: `NativeModule <id>`, one a line).
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import process from 'node:process';

const { cache } = createRequire(import.meta.url);

process.once('exit', () => {
  writeFileSync(String(process.env.LOADED_MODULES_FILE), [...Object.keys(cache), ...process.moduleLoadList].join('\n'));
});
