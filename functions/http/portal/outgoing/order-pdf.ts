import { outgoingOrderPdf } from '../../../core/outgoing/order-pdf';
import { outgoingStayUseCases } from '../../../wiring-outgoing';
import { fileResponse } from '../../middleware/api-responses';
import { portalRoute, referenceOf } from '../route';

/** `GET …/outgoing-stays/{reference}/order.pdf`: the order as the stay municipality gets it. */
export const handler = portalRoute(async (event) => {
  const file = await outgoingOrderPdf(await outgoingStayUseCases().orderForPdf(event.principal, referenceOf(event)));
  return fileResponse(file.fileName, 'application/pdf', Buffer.from(file.body));
});
