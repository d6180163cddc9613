import { portal } from '../../wiring-portal';
import { jsonResponse } from '../middleware/api-responses';
import { portalRoute, referenceOf } from './route';

/** `POST …/cancel`: the caseworker's **Avbryt beställningen** with **Skäl**. */
export const handler = portalRoute(
  async (event) => {
    const updated = await portal().cancel(event.principal, referenceOf(event), event.jsonBody);
    return jsonResponse(200, { done: 'Beställningen är avbruten. Beställaren och utförarna har fått besked.', case: updated });
  },
  { body: true },
);
