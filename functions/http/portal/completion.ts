import { portal } from '../../wiring-portal';
import { jsonResponse } from '../middleware/api-responses';
import { portalRoute, referenceOf } from './route';

/** `POST …/completion`: **Begär komplettering** with **Vad saknas**, to the orderer in the conversation. */
export const handler = portalRoute(
  async (event) => {
    const updated = await portal().requestCompletion(event.principal, referenceOf(event), event.jsonBody);
    return jsonResponse(200, { done: 'Begäran om komplettering är skickad. Beställaren har fått besked, och ärendet väntar på komplettering.', case: updated });
  },
  { body: true },
);
