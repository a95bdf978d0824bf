/**
 * Load generator, in its own process so it never shares a core's event loop with the runner or the
 * servers: runs autocannon against one URL and answers with a JSON LoadResult.
 * - Under the runner (IPC channel): one `{ url, seconds, connections }` message per load, one result
 *   message back, so tsx's start-up is paid once per run, not per round.
 * - By hand: `tsx bench/load-worker.ts <url> <seconds> <connections>` prints the JSON on stdout.
 */
import autocannon from 'autocannon';
import type { LoadRequest, LoadResult } from './lib/load.js';

async function run({ url, seconds, connections, options }: LoadRequest): Promise<LoadResult> {
  if (!url.startsWith('http://127.0.0.1:')) throw new Error(`only 127.0.0.1 is loaded, not ${url}`);
  const result = await autocannon({ url, duration: seconds, connections, pipelining: 1, ...options });
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    max: result.latency.max,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    total: result.requests.total,
  };
}

if (process.send) {
  process.on('message', (request: LoadRequest) => {
    run(request).then(
      (result) => process.send?.({ result }),
      (error: unknown) => process.send?.({ error: String(error) }),
    );
  });
  process.on('disconnect', () => process.exit(0));
} else {
  const [url = '', seconds = '5', connections = '50'] = process.argv.slice(2);
  const result = await run({ url, seconds: Number(seconds), connections: Number(connections) });
  process.stdout.write(`${JSON.stringify(result)}\n`);
}
