import { orderer } from '../../wiring-orderer';
import { clearCookie, ordererCookieName, ordererOpenHintCookieName, readCookie } from '../cookies';
import { jsonResponse } from '../middleware/api-responses';
import { ordererRoute } from './route';

/** `POST /api/orderer/cases/{reference}/logout`: the orderer's session ends. */
export const handler = ordererRoute(async (event) => {
  await orderer().logout(readCookie(event, ordererCookieName()));
  return jsonResponse(200, { done: 'Du har stängt ärendet.' }, {}, [clearCookie(ordererCookieName()), clearCookie(ordererOpenHintCookieName())]);
});
