/**
 * `node dist/warm-compile-cache.js`: starts the built service once, takes its smoke test answer and stops it,
 * so that Node writes the code it compiled on the way (V8's code cache) to NODE_COMPILE_CACHE. A later start
 * with the same setting, Node binary and user compiles from there instead of from the source: on Node 24
 * about 45 ms less to the first 200 (docs/benchmarks.md). The image runs it at build time as the user that
 * serves, since Node keeps a cache per user id (Dockerfile); on a Node without the compile cache it warms
 * nothing, and the start is as before.
 *
 * The service runs with production settings on 127.0.0.1, on a port of the kernel's choosing; what it needs
 * but never reaches before its first answer (a database, an issuer) points nowhere unless the environment
 * says otherwise. Exits 1 with the reason when NODE_COMPILE_CACHE is unset or the service does not answer:
 * a build whose service cannot start fails here.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

const DEADLINE_MS = 30_000;
const LISTENING = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/;
const SMOKE_TEST = '/v1/smoke_test/';

function fail(reason: string): never {
  process.stderr.write(`warm-compile-cache: ${reason}\n`);
  process.exit(1);
}

if (!process.env.NODE_COMPILE_CACHE) fail('NODE_COMPILE_CACHE is not set: there is no cache to warm');

const service = spawn(process.execPath, [fileURLToPath(new URL('server.js', import.meta.url))], {
  env: {
    DATABASE_URL: 'postgres://warm-up@127.0.0.1:9/warm-up',
    AUTH_ISSUER: 'http://127.0.0.1:9',
    CURSOR_SECRET: 'warm-compile-cache: it signs no cursor anyone reads',
    ...process.env,
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: '0',
    METRICS_PORT: '0',
    LOG_LEVEL: 'info',
    SHUTDOWN_DELAY_MS: '0',
    WEB_CONCURRENCY: '1',
  },
  stdio: ['ignore', 'pipe', 'pipe'],
});
let stderr = '';
service.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
/** What the service wrote to stderr, for a failure's message. */
const itsStderr = (): string => (stderr ? `; its stderr:\n${stderr.trim()}` : '');

/** The service's URL, once it logs that it listens; rejects if it fails, exits first or takes too long. */
function listening(): Promise<string> {
  return new Promise((resolve, reject) => {
    let stdout = '';
    const timer = setTimeout(() => {
      reject(new Error(`no answer within ${DEADLINE_MS} ms`));
    }, DEADLINE_MS);
    service.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      const url = LISTENING.exec(stdout)?.[1];
      if (url) {
        clearTimeout(timer);
        resolve(url);
      }
    });
    service.once('error', reject);
    service.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the service exited with ${String(code)} before listening`));
    });
  });
}

try {
  const response = await fetch(`${await listening()}${SMOKE_TEST}`);
  await response.arrayBuffer();
  if (response.status !== 200) throw new Error(`${SMOKE_TEST} answered ${response.status}`);
} catch (error) {
  service.kill('SIGKILL');
  fail(`${(error as Error).message}${itsStderr()}`);
}
// Node writes the cache as the service exits.
service.kill('SIGTERM');
const [code] = (await once(service, 'exit')) as [number | null];
if (code !== 0) fail(`the service exited with ${String(code)} when stopped${itsStderr()}`);
