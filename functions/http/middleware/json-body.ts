import type middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { MalformedJsonError, PayloadTooLargeError, UnsupportedMediaTypeError } from '../../core/kernel/errors';
import type { ApiEvent, ApiResult } from './api-responses';

interface Options {
  /** Largest accepted body in bytes. */
  maxBytes: number;
}

const JSON_MEDIA_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

/**
 * Reads the request body as JSON: `415` unless the content type is JSON, `413` above
 * `maxBytes`, `400` when it doesn't parse. The parsed value lands on `event.jsonBody`.
 */
export function jsonBody(options: Options): middy.MiddlewareObj<ApiEvent, ApiResult, Error, Context> {
  return {
    before: async (request) => {
      const event = request.event;
      const contentType = event.headers?.['content-type'] ?? '';
      if (!JSON_MEDIA_TYPE.test(contentType)) throw new UnsupportedMediaTypeError();
      const raw = event.body ?? '';
      const bytes = event.isBase64Encoded ? Buffer.from(raw, 'base64') : Buffer.from(raw, 'utf8');
      if (bytes.byteLength > options.maxBytes) throw new PayloadTooLargeError(options.maxBytes);
      let text: string;
      try {
        text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
      } catch {
        throw new MalformedJsonError();
      }
      try {
        event.jsonBody = JSON.parse(text);
      } catch {
        throw new MalformedJsonError();
      }
    },
  };
}
