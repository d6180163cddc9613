import { NotFoundError } from '../../core/kernel/errors';
import { type ApiResult } from '../middleware/api-responses';
import { jsonBody } from '../middleware/json-body';
import { participantSession, type ParticipantEvent } from '../middleware/participant-session';
import { rateLimit } from '../middleware/rate-limit';
import { httpFunction } from '../http-function';

/** The largest message body: 10,000 characters of text (up to 4 bytes each), ids and JSON around them. */
const MESSAGE_MAX_BYTES = 64 * 1024;

/** A route of a case's messages: rate limited, for a participant of the case only, with a JSON body where it takes one. */
export function messageRoute(handler: (event: ParticipantEvent) => Promise<ApiResult>, options: { body?: boolean } = {}) {
  const route = httpFunction<ParticipantEvent>().use(rateLimit()).use(participantSession());
  if (options.body) route.use(jsonBody({ maxBytes: MESSAGE_MAX_BYTES }));
  return route.handler(handler);
}

export const referenceOf = (event: ParticipantEvent) => decodeURIComponent(event.pathParameters?.reference ?? '');

export function attachmentOf(event: ParticipantEvent): string {
  const id = event.pathParameters?.attachment ?? '';
  if (!/^[0-9A-Za-z]{1,40}$/.test(id)) throw new NotFoundError('Filen');
  return id;
}
