import { portal } from '../../wiring-portal';
import { jsonResponse } from '../middleware/api-responses';
import { portalRoute, referenceOf } from './route';

/** `POST …/change`: the caseworker's **Ändra beställningen**. */
export const handler = portalRoute(
  async (event) => {
    const updated = await portal().change(event.principal, referenceOf(event), event.jsonBody);
    return jsonResponse(200, { done: 'Beställningen är ändrad. Beställaren och de utförare som berörs har fått besked.', case: updated });
  },
  { body: true },
);
