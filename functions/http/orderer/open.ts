import { orderer } from '../../wiring-orderer';
import { ORDERER_COOKIE_MAX_AGE_MS, ordererCookieName, ordererOpenHintCookieName, setCookie } from '../cookies';
import { jsonResponse } from '../middleware/api-responses';
import { ordererPublicRoute, referenceOf } from './route';

/** `POST /api/orderer/cases/{reference}/session`: **Öppna ärendet** with the **Engångskod** — a 30-minute session for this case. */
export const handler = ordererPublicRoute(async (event) => {
  const reference = referenceOf(event);
  const { sessionId } = await orderer().openWithCode(reference, event.jsonBody);
  return jsonResponse(200, { done: 'Ärendet är öppnat.' }, {}, [
    setCookie(ordererCookieName(), sessionId, ORDERER_COOKIE_MAX_AGE_MS),
    setCookie(ordererOpenHintCookieName(), reference, ORDERER_COOKIE_MAX_AGE_MS, { readable: true }),
  ]);
});
