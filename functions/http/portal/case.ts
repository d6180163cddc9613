import { portal } from '../../wiring-portal';
import { jsonResponse } from '../middleware/api-responses';
import { portalRoute, referenceOf } from './route';

/** `GET /api/portal/cases/{reference}`: the case as this person may see it (reading personal data is audited). */
export const handler = portalRoute(async (event) => jsonResponse(200, await portal().read(event.principal, referenceOf(event))));
