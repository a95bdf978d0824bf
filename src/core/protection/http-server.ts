/**
 * Options of Node's HTTP server (Fastify's `http` option) that make the documented limits true:
 *
 * - Node enforces HEADERS_TIMEOUT_MS and REQUEST_TIMEOUT_MS only when it sweeps its connections, every
 *   `connectionsCheckingInterval` (30 s by default), so a slow client outlived them by up to 30 s. A sweep
 *   every second keeps every timeout true to within a second; a sweep walks the open connections in C++,
 *   which costs microseconds even with thousands open.
 * - `requireHostHeader` is off because Node's own refusal is a bare 400: request-guard.ts answers the
 *   missing Host (and the repeated or invalid one Node lets through) with a problem document.
 */
import type { ServerOptions } from 'node:http';
import type { Settings } from '../../config.js';

export const TIMEOUT_CHECK_INTERVAL_MS = 1000;

export function httpServerOptions(
  settings: Pick<Settings, 'HEADERS_TIMEOUT_MS' | 'REQUEST_TIMEOUT_MS' | 'KEEP_ALIVE_TIMEOUT_MS'>,
): ServerOptions {
  return {
    connectionsCheckingInterval: TIMEOUT_CHECK_INTERVAL_MS,
    headersTimeout: settings.HEADERS_TIMEOUT_MS,
    requestTimeout: settings.REQUEST_TIMEOUT_MS,
    keepAliveTimeout: settings.KEEP_ALIVE_TIMEOUT_MS,
    requireHostHeader: false,
  };
}
