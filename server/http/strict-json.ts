import { isUtf8 } from 'node:buffer';
import type { FastifyInstance } from 'fastify';

/**
 * JSON bodies must be UTF-8 (RFC 8259). Fastify's own parser decodes invalid bytes as
 * U+FFFD and carries on, so a body damaged on the way would be stored, altered, under a
 * content hash the device never computed. Here such a body is refused as `bad_json` (the
 * device sends it again, intact); everything else is Fastify's parser, with its refusal of
 * `__proto__` and `constructor.prototype` keys.
 */
export function registerStrictJson(app: FastifyInstance): void {
  // Fastify also reads text/plain; no route of ours takes text, and a JSON route handed a
  // string answered 422 for what is the wrong media type: 415 unsupported_media_type.
  app.removeContentTypeParser('text/plain');
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    const bytes = body as Buffer;
    if (!isUtf8(bytes)) {
      done(Object.assign(new SyntaxError('The body is not valid UTF-8'), { statusCode: 400 }), undefined);
      return;
    }
    parseJson(request, bytes.toString('utf8'), done);
  });
}
