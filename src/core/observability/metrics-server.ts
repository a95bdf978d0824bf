/**
 * The metrics port (METRICS_PORT): `GET /metrics` in Prometheus' text format, on a server of its own so
 * that it is not on the public port (the Service and any ingress expose PORT only; only the cluster reaches
 * this one) and is never behind the API's load shedding: scrapes work when the service is overloaded, which
 * is when they matter most. One process serves its own registry; a cluster primary serves the sum of its
 * workers' (see cluster.ts). Anything else on this port is a 404 or 405 problem document.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';
import { httpServerOptions } from '../protection/http-server.js';
import { PROBLEM_CONTENT_TYPE, problemBody } from '../errors/problem.js';
import { API_SECURITY_HEADERS } from '../protection/security-headers.js';

export const METRICS_PATH = '/metrics';
const ALLOWED = 'GET, HEAD';
/** Scrapers are few: a small cap keeps this port from becoming a way to hold file descriptors. */
const MAX_SCRAPE_CONNECTIONS = 64;
const SCRAPE_TIMEOUTS = { HEADERS_TIMEOUT_MS: 10_000, REQUEST_TIMEOUT_MS: 10_000, KEEP_ALIVE_TIMEOUT_MS: 5000 };

export interface MetricsSource {
  readonly contentType: string;
  /** The metrics in Prometheus' text format. */
  collect(): Promise<string>;
}

/** One process's own metrics. */
export function registrySource(registry: Registry): MetricsSource {
  return { contentType: registry.contentType, collect: () => registry.metrics() };
}

function answer(response: ServerResponse, status: number, headers: Record<string, string>, body: string): void {
  response.writeHead(status, { ...API_SECURITY_HEADERS, ...headers, 'content-length': Buffer.byteLength(body) });
  response.end(response.req.method === 'HEAD' ? undefined : body);
}

function problem(response: ServerResponse, status: number, detail: string, headers: Record<string, string> = {}) {
  answer(response, status, { ...headers, 'content-type': PROBLEM_CONTENT_TYPE }, problemBody(status, detail));
}

export function createMetricsServer(source: MetricsSource): Server {
  const server = createServer(httpServerOptions(SCRAPE_TIMEOUTS), (request: IncomingMessage, response) => {
    const url = request.url ?? '';
    const path = url.includes('?') ? url.slice(0, url.indexOf('?')) : url;
    if (path !== METRICS_PATH) {
      problem(response, 404, 'No resource at this path.');
    } else if (request.method !== 'GET' && request.method !== 'HEAD') {
      const detail = `Method ${String(request.method)} is not allowed here; allowed: ${ALLOWED}.`;
      problem(response, 405, detail, { allow: ALLOWED });
    } else {
      source.collect().then(
        (text) => {
          answer(response, 200, { 'content-type': source.contentType }, text);
        },
        () => {
          problem(response, 503, 'The metrics could not be collected; retry later.');
        },
      );
    }
  });
  server.maxConnections = MAX_SCRAPE_CONNECTIONS;
  return server;
}

/** Listens on `host`:`port` and resolves with the URL it serves metrics at. */
export async function listenMetrics(server: Server, host: string, port: number): Promise<string> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return `http://${shownHost}:${address.port}`;
}
