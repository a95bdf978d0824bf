/**
 * Baseline "the limit": node:http answering the smoke test's exact body with minimal headers,
 * precomputed once. Not a service: no logging, no ids, no security headers, no metrics.
 */
import { createServer } from 'node:http';
import { portFromEnv, SMOKE_BODY, SMOKE_PATH } from './body.js';

const body = Buffer.from(SMOKE_BODY);
const headers = { 'content-type': 'application/json', 'content-length': String(body.length) };

const server = createServer((request, response) => {
  const path = request.url ?? '';
  if (request.method === 'GET' && (path === SMOKE_PATH || path === SMOKE_PATH.slice(0, -1))) {
    response.writeHead(200, headers);
    response.end(body);
    return;
  }
  response.writeHead(404, { 'content-length': '0' });
  response.end();
});
server.keepAliveTimeout = 65_000;
server.listen(portFromEnv(), '127.0.0.1');
