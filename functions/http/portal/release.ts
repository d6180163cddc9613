import { portal } from '../../wiring-portal';
import { jsonResponse } from '../middleware/api-responses';
import { insatsOf, portalRoute, referenceOf } from './route';

/** `POST …/assignments/{insats}/release`: **Enhetschefen är informerad** — the held assignment goes to its provider. */
export const handler = portalRoute(
  async (event) => {
    const updated = await portal().release(event.principal, referenceOf(event), insatsOf(event), event.jsonBody);
    return jsonResponse(200, { done: 'Uppdraget har skickats till utföraren.', case: updated });
  },
  { body: true },
);
