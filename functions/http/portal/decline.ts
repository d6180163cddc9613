import { portalWithoutPersonalData as portal } from '../../wiring-portal-lists';
import { jsonResponse } from '../middleware/api-responses';
import { insatsOf, portalRoute, referenceOf } from './route';

/** `POST …/assignments/{insats}/decline`: **Avböj uppdraget** with **Skäl**; the provider no longer sees the case after. */
export const handler = portalRoute(
  async (event) => {
    await portal().decline(event.principal, referenceOf(event), insatsOf(event), event.jsonBody);
    return jsonResponse(200, { done: 'Uppdraget är avböjt. Handläggaren har fått besked och uppdraget har gått vidare.' });
  },
  { body: true },
);
