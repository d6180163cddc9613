import { orderer } from '../../wiring-orderer';
import { jsonResponse } from '../middleware/api-responses';
import { ordererPublicRoute, referenceOf } from './route';

/**
 * `POST /api/orderer/cases/{reference}/code`: a one-time code to the address the order came from.
 * The same answer whether the case exists or not.
 */
export const handler = ordererPublicRoute(async (event) => {
  await orderer().sendCode(referenceOf(event));
  return jsonResponse(202, { done: 'Vi har skickat en engångskod till e-postadressen som beställningen kom från. Koden gäller i 10 minuter.' });
});
