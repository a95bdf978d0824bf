/**
 * Every JSON body is text in Unicode, or it is refused with a 400 naming the problem. Fastify's own parser
 * decodes the body leniently: invalid UTF-8 bytes become U+FFFD, and `JSON.parse` turns an escaped lone
 * surrogate (`"\ud800"`) into a string no UTF-8 text can hold, which PostgreSQL stores as U+FFFD or
 * refuses. Either way the stored value is not what the client sent, and nobody is told.
 *
 * This parser replaces the `application/json` one for every route: it reads the body as bytes, decodes
 * them strictly, then hands the text to Fastify's default parser (the same prototype-poisoning rules and
 * errors). Only a body whose text holds an escaped surrogate (`\uD800` to `\uDFFF`) is walked afterwards,
 * so an ordinary body pays for one regular-expression scan.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { HttpProblem } from '../errors/problem.js';

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
// An escape of a UTF-16 surrogate: the only way valid UTF-8 text can spell a lone one in JSON.
const SURROGATE_ESCAPE = /\\u[dD][89abcdefABCDEF]/;
// With the u flag, a surrogate pair reads as one code point: only a lone surrogate matches.
const LONE_SURROGATE = /\p{Surrogate}/u;

const escapePointer = (key: string): string => key.replace(/~/g, '~0').replace(/\//g, '~1');

/** The JSON pointers of every string (and object key) in `value` that holds a lone surrogate. */
function loneSurrogates(value: unknown, pointer = ''): string[] {
  if (typeof value === 'string') return LONE_SURROGATE.test(value) ? [pointer] : [];
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, inner]) => {
    const at = `${pointer}/${escapePointer(key)}`;
    return LONE_SURROGATE.test(key) ? [at, ...loneSurrogates(inner, at)] : loneSurrogates(inner, at);
  });
}

export const jsonBody = fp(
  async (app: FastifyInstance) => {
    const { onProtoPoisoning, onConstructorPoisoning } = app.initialConfig;
    const parseText = app.getDefaultJsonParser(onProtoPoisoning ?? 'error', onConstructorPoisoning ?? 'error');

    app.removeContentTypeParser('application/json');
    app.addContentTypeParser(
      'application/json',
      { parseAs: 'buffer' },
      function parseJsonBody(request: FastifyRequest, body: Buffer, done) {
        let text: string;
        try {
          text = strictUtf8.decode(body);
        } catch {
          done(new HttpProblem(400, 'The request body is not valid UTF-8.'), undefined);
          return;
        }
        // The default parser answers through its callback (its declared type also allows a promise).
        void parseText(request, text, (error, value) => {
          if (error || !SURROGATE_ESCAPE.test(text)) {
            done(error, value);
            return;
          }
          const fields = loneSurrogates(value);
          if (fields.length === 0) {
            done(null, value);
            return;
          }
          const detail = 'holds a lone UTF-16 surrogate, which is not Unicode text';
          done(
            new HttpProblem(
              400,
              'The request body holds text that is not Unicode (a lone surrogate escape).',
              fields.map((pointer) => ({ in: 'body', pointer, detail })),
            ),
            undefined,
          );
        });
      },
    );
  },
  { name: 'json-body' },
);
