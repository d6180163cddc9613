import { portal } from '../../wiring-portal';
import { jsonResponse } from '../middleware/api-responses';
import { portalRoute, referenceOf } from './route';

/** `POST …/registered`: the system administrator marks the case **registrerad i verksamhetssystemet**. */
export const handler = portalRoute(async (event) => {
  const updated = await portal().markRegistered(event.principal, referenceOf(event));
  return jsonResponse(200, { done: 'Ärendet är markerat som registrerat i verksamhetssystemet.', case: updated });
});
