import { outgoingStayUseCases } from '../../../wiring-outgoing';
import { jsonResponse } from '../../middleware/api-responses';
import { portalRoute, referenceOf } from '../route';

/** `POST …/outgoing-stays/{reference}/confirmation`: the stay municipality's confirmation and start date. */
export const handler = portalRoute(async (event) => jsonResponse(200, await outgoingStayUseCases().confirm(event.principal, referenceOf(event), event.jsonBody)), { body: true });
