/**
 * Security headers, computed once at start-up and set on every reply with one `reply.headers` call
 * (no per-request middleware such as @fastify/helmet, which rebuilds its headers on every request).
 *
 * JSON API responses carry the set OWASP's REST Security Cheat Sheet recommends for APIs: small, and
 * what matters for a response that is data, not a page. Strict-Transport-Security is left to the
 * TLS-terminating ingress: browsers ignore it over plain HTTP, which is all this process speaks.
 * The /docs page is HTML with scripts, so it gets @fastify/helmet's full set instead (docs.ts).
 */
import fp from 'fastify-plugin';

export const API_SECURITY_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'cache-control': 'no-store',
  'content-security-policy': "frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
});

/** Sets the API's security headers on every reply of the app (docs.ts overrides them for its pages). */
export const securityHeaders = fp(
  async (app) => {
    app.addHook('onRequest', function setSecurityHeaders(_request, reply, done) {
      reply.headers(API_SECURITY_HEADERS);
      done();
    });
  },
  { name: 'security-headers' },
);
