import { portal } from '../../wiring-portal';
import { jsonResponse } from '../middleware/api-responses';
import { portalRoute, referenceOf } from './route';

/** `POST …/stay-end`: a provider reports **Vistelsen har avslutats** with the last day. */
export const handler = portalRoute(
  async (event) => {
    const updated = await portal().reportStayEnd(event.principal, referenceOf(event), event.jsonBody);
    return jsonResponse(200, { done: 'Vistelsen är registrerad som avslutad. Handläggaren har fått besked.', case: updated });
  },
  { body: true },
);
