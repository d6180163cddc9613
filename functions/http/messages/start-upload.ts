import { attachments } from '../../wiring-attachments';
import { jsonResponse } from '../middleware/api-responses';
import { messageRoute, referenceOf } from './route';

/** `POST /api/cases/{reference}/attachments`: **Bifoga fil** — where the browser puts the file (a signed, short-lived request). */
export const handler = messageRoute(async (event) => jsonResponse(201, await attachments().startUpload(event.participant, referenceOf(event), event.jsonBody)), { body: true });
