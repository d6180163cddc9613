import { timeReportListsWithoutPersonalData as timeReports } from '../../wiring-portal-lists';
import { jsonResponse } from '../middleware/api-responses';
import { portalRoute } from '../portal/route';

/** `GET /api/portal/time-reports`: **Tidrapporter**, a provider's reports not yet approved across its cases. */
export const handler = portalRoute(async (event) => jsonResponse(200, await timeReports().ofProvider(event.principal)));
