import { orderer } from '../../wiring-orderer';
import { jsonResponse } from '../middleware/api-responses';
import { ordererRoute } from './route';

/** `GET /api/orderer/cases/{reference}`: the case as its orderer sees it (status, handler, confirmations) and the session's CSRF token. */
export const handler = ordererRoute(async (event) => jsonResponse(200, await orderer().caseFor(event.orderer, event.ordererSession.csrfToken)));
