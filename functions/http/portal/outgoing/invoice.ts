import { outgoingStayUseCases } from '../../../wiring-outgoing';
import { jsonResponse } from '../../middleware/api-responses';
import { portalRoute, referenceOf } from '../route';

/** `POST …/outgoing-stays/{reference}/reports/{insats}/{month}/invoice`: the incoming invoice's amount, checked against the report. */
export const handler = portalRoute(
  async (event) => {
    const { insats = '', month = '' } = event.pathParameters ?? {};
    return jsonResponse(200, await outgoingStayUseCases().recordInvoice(event.principal, referenceOf(event), insats, month, event.jsonBody));
  },
  { body: true },
);
