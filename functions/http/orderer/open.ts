import { orderer } from '../../wiring-orderer';
import { ORDERER_COOKIE_MAX_AGE_MS, ordererCookieName, setCookie } from '../cookies';
import { jsonResponse } from '../middleware/api-responses';
import { ordererPublicRoute, referenceOf } from './route';

/** `POST /api/orderer/cases/{reference}/session`: **Öppna ärendet** with the **Engångskod** — a 30-minute session for this case. */
export const handler = ordererPublicRoute(async (event) => {
  const { sessionId } = await orderer().openWithCode(referenceOf(event), event.jsonBody);
  return jsonResponse(200, { done: 'Ärendet är öppnat.' }, {}, [setCookie(ordererCookieName(), sessionId, ORDERER_COOKIE_MAX_AGE_MS)]);
});
