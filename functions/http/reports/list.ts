import { timeReports } from '../../wiring-reports';
import { jsonResponse } from '../middleware/api-responses';
import { portalRoute, referenceOf } from '../portal/route';

/** `GET /api/portal/cases/{reference}/time-reports`: the case's monthly time reports as this person may see them. */
export const handler = portalRoute(async (event) => jsonResponse(200, await timeReports().list(event.principal, referenceOf(event))));
