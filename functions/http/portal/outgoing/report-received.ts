import { outgoingStayUseCases } from '../../../wiring-outgoing';
import { jsonResponse } from '../../middleware/api-responses';
import { portalRoute, referenceOf } from '../route';

/** `POST …/outgoing-stays/{reference}/reports/{insats}/{month}/received`: **Tidrapport mottagen**. */
export const handler = portalRoute(
  async (event) => {
    const { insats = '', month = '' } = event.pathParameters ?? {};
    return jsonResponse(200, await outgoingStayUseCases().receiveReport(event.principal, referenceOf(event), insats, month, event.jsonBody));
  },
  { body: true },
);
