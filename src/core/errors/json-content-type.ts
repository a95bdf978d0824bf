/**
 * Every JSON reply carries `application/json` exactly, as the spec's test asserts (RFC 8259 defines no
 * charset parameter for JSON; it is always UTF-8). Fastify appends `; charset=utf-8` while serializing,
 * so the header can only be corrected here, after serialization, in the onSend hook.
 */
import fp from 'fastify-plugin';

const CHARSET_SUFFIX = '; charset=utf-8';

export const jsonContentType = fp(
  async (app) => {
    app.addHook('onSend', function setPlainJsonContentType(_request, reply, payload, done) {
      const type = reply.getHeader('content-type');
      if (typeof type === 'string' && type.endsWith(CHARSET_SUFFIX) && type.includes('json')) {
        reply.header('content-type', type.slice(0, -CHARSET_SUFFIX.length));
      }
      done(null, payload);
    });
  },
  { name: 'json-content-type' },
);
