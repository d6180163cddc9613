import { portal } from '../../wiring-portal';
import { jsonResponse } from '../middleware/api-responses';
import { insatsOf, portalRoute, referenceOf } from './route';

/** `POST …/assignments/{insats}/start`: **Insatsen har startat** (the alarm: **Larmet är installerat**) with the day. */
export const handler = portalRoute(
  async (event) => {
    const insats = insatsOf(event);
    const updated = await portal().recordStart(event.principal, referenceOf(event), insats, event.jsonBody);
    const done = insats === 'trygghetslarm' ? 'Installationen är registrerad. Beställaren och ekonomiassistenten har fått besked.' : 'Starten är registrerad.';
    return jsonResponse(200, { done, case: updated });
  },
  { body: true },
);
