import { portal } from '../../wiring-portal';
import { jsonResponse } from '../middleware/api-responses';
import { insatsOf, portalRoute, referenceOf } from './route';

/** `POST …/assignments/{insats}/confirm`: **Bekräfta uppdraget** with **Startdatum** and a contact. */
export const handler = portalRoute(
  async (event) => {
    const updated = await portal().confirm(event.principal, referenceOf(event), insatsOf(event), event.jsonBody);
    return jsonResponse(200, { done: 'Uppdraget är bekräftat. Beställaren och handläggaren har fått besked om startdatumet.', case: updated });
  },
  { body: true },
);
