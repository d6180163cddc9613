import { portal } from '../../wiring-portal';
import { jsonResponse } from '../middleware/api-responses';
import { insatsOf, portalRoute, referenceOf } from './route';

/** `POST …/assignments/{insats}/confirm-change`: the provider's **Bekräfta ändringen**. */
export const handler = portalRoute(
  async (event) => {
    const updated = await portal().confirmChange(event.principal, referenceOf(event), insatsOf(event), event.jsonBody);
    return jsonResponse(200, { done: 'Ändringen är bekräftad.', case: updated });
  },
  { body: true },
);
