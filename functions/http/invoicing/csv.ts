import { invoiceBasis } from '../../wiring-invoicing';
import { fileResponse } from '../middleware/api-responses';
import { portalRoute } from '../portal/route';

/** `GET /api/portal/invoice-basis/csv?month=YYYY-MM`: for Swedish Excel (semicolons, decimal comma, UTF-8 with BOM). */
export const handler = portalRoute(async (event) => {
  const file = await invoiceBasis().csv(event.principal, event.queryStringParameters?.month);
  return fileResponse(file.fileName, 'text/csv; charset=utf-8', Buffer.from(file.body, 'utf8'));
});
