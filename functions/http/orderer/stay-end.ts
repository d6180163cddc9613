import { stayEnds } from '../../wiring-stay-end';
import { jsonResponse } from '../middleware/api-responses';
import { ordererRoute } from './route';

/** `POST /api/orderer/cases/{reference}/stay-end`: the orderer reports **Vistelsen har avslutats** with the last day. */
export const handler = ordererRoute(
  async (event) => jsonResponse(200, { done: 'Vistelsen är registrerad som avslutad. Handläggaren har fått besked.', case: await stayEnds().ordererReportsStayEnd(event.orderer, event.jsonBody, event.ordererSession.csrfToken) }),
  { body: true },
);
