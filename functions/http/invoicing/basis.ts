import { invoiceBasis } from '../../wiring-invoicing';
import { jsonResponse } from '../middleware/api-responses';
import { portalRoute } from '../portal/route';

/** `GET /api/portal/invoice-basis?month=YYYY-MM`: the month's invoice basis per home municipality (no personal data). */
export const handler = portalRoute(async (event) => jsonResponse(200, await invoiceBasis().basis(event.principal, event.queryStringParameters?.month)));
