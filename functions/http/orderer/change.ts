import { ordererChange } from '../../wiring-orderer-change';
import { jsonResponse } from '../middleware/api-responses';
import { ordererRoute } from './route';

/** `POST /api/orderer/cases/{reference}/change`: the orderer's **Ändra beställningen**. */
export const handler = ordererRoute(
  async (event) =>
    jsonResponse(200, { done: 'Beställningen är ändrad. Handläggaren och de utförare som berörs har fått besked.', case: await ordererChange()(event.orderer, event.jsonBody, event.ordererSession.csrfToken) }),
  { body: true },
);
