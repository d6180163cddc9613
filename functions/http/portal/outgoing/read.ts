import { outgoingStayUseCases } from '../../../wiring-outgoing';
import { jsonResponse } from '../../middleware/api-responses';
import { portalRoute, referenceOf } from '../route';

/** `GET /api/portal/outgoing-stays/{reference}`: the outgoing stay as the person may see it. */
export const handler = portalRoute(async (event) => jsonResponse(200, await outgoingStayUseCases().read(event.principal, referenceOf(event))));
