import { portalWithoutPersonalData as portal } from '../../wiring-portal-lists';
import { jsonResponse } from '../middleware/api-responses';
import { portalRoute, referenceOf } from './route';

/** `GET /api/portal/cases/{reference}/audit`: who read the case's personal data (the unit head's). */
export const handler = portalRoute(async (event) => jsonResponse(200, await portal().auditLog(event.principal, referenceOf(event))));
