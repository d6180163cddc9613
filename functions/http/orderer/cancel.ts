import { ordererCancel } from '../../wiring-orderer-cancel';
import { jsonResponse } from '../middleware/api-responses';
import { ordererRoute } from './route';

/** `POST /api/orderer/cases/{reference}/cancel`: the orderer's **Avbryt beställningen** with **Skäl**. */
export const handler = ordererRoute(
  async (event) => jsonResponse(200, { done: 'Beställningen är avbruten. Handläggaren och utförarna har fått besked.', case: await ordererCancel()(event.orderer, event.jsonBody, event.ordererSession.csrfToken) }),
  { body: true },
);
