import { portal } from '../../wiring-portal';
import { jsonResponse } from '../middleware/api-responses';
import { portalRoute, referenceOf } from './route';

/** `POST …/reassign`: the unit head gives the case to another of the unit's caseworkers. */
export const handler = portalRoute(
  async (event) => {
    const updated = await portal().reassign(event.principal, referenceOf(event), event.jsonBody);
    return jsonResponse(200, { done: 'Ärendet har fördelats. Handläggaren har fått besked.', case: updated });
  },
  { body: true },
);
