import { attachmentCheck } from '../../wiring-attachment-check';
import { jsonResponse } from '../middleware/api-responses';
import { attachmentOf, messageRoute, referenceOf } from './route';

/** `POST /api/cases/{reference}/attachments/{attachment}/check`: the uploaded file checked by size and content, or refused and deleted. */
export const handler = messageRoute(async (event) => jsonResponse(200, await attachmentCheck().completeUpload(event.participant, referenceOf(event), attachmentOf(event))));
