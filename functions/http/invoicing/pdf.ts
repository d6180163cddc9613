import { invoiceBasisPdf } from '../../wiring-invoicing-pdf';
import { fileResponse } from '../middleware/api-responses';
import { portalRoute } from '../portal/route';

/** `GET /api/portal/invoice-basis/pdf?month=YYYY-MM`: the printable invoice basis. */
export const handler = portalRoute(async (event) => {
  const file = await invoiceBasisPdf().pdf(event.principal, event.queryStringParameters?.month);
  return fileResponse(file.fileName, 'application/pdf', Buffer.from(file.body));
});
