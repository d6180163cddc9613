import { attachments } from '../../wiring-attachments';
import { redirectResponse } from '../middleware/api-responses';
import { attachmentOf, messageRoute, referenceOf } from './route';

/** `GET /api/cases/{reference}/attachments/{attachment}`: to a signed link that downloads the file for a minute (audited). */
export const handler = messageRoute(async (event) => {
  const { url } = await attachments().download(event.participant, referenceOf(event), attachmentOf(event));
  return redirectResponse(url);
});
