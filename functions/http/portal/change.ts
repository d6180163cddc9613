import { portalChange } from '../../wiring-portal-changes';
import { jsonResponse } from '../middleware/api-responses';
import { portalRoute, referenceOf } from './route';

/** `POST …/change`: the caseworker's **Ändra beställningen**; the answer names the new version (the page reads the case again). */
export const handler = portalRoute(
  async (event) => {
    const { version } = await portalChange().change(event.principal, referenceOf(event), event.jsonBody);
    return jsonResponse(200, { done: 'Beställningen är ändrad. Beställaren och de utförare som berörs har fått besked.', orderVersion: version });
  },
  { body: true },
);
