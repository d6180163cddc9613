import { messages } from '../../wiring-messages';
import { jsonResponse } from '../middleware/api-responses';
import { messageRoute, referenceOf } from './route';

/** `GET /api/cases/{reference}/messages`: the case's thread as this person sees it (audited; marks what they read). */
export const handler = messageRoute(async (event) => jsonResponse(200, await messages().thread(event.participant, referenceOf(event))));
