// Test-only preload (`node --import ./test/helpers/pause-at-rename.js ...`): just before the process's
// Nth fs.renameSync (N from PETSAGE_TEST_PAUSE_AT_RENAME), prints "paused before rename N" on stderr and
// blocks, so that a test can kill -9 a write at that exact point, or, with PETSAGE_TEST_RESUME_FILE, goes on
// once that file exists. The builder itself has no such hook.
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import process from 'node:process';

const pauseAt = Number(process.env.PETSAGE_TEST_PAUSE_AT_RENAME);
const resumeFile = process.env.PETSAGE_TEST_RESUME_FILE;
const sleep = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
const rename = fs.renameSync;
let calls = 0;

fs.renameSync = (from, to) => {
  calls += 1;
  if (calls === pauseAt) {
    process.stderr.write(`paused before rename ${calls}: ${String(from)} -> ${String(to)}\n`);
    // A synchronous sleep: nothing else of this process runs meanwhile, as if the rename were slow.
    if (resumeFile === undefined) sleep(Infinity);
    else while (!fs.existsSync(resumeFile)) sleep(20);
  }
  rename(from, to);
};
// ESM importers of node:fs (import * as fs) see the replacement too.
syncBuiltinESMExports();
