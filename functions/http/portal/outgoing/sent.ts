import { outgoingStayUseCases } from '../../../wiring-outgoing';
import { jsonResponse } from '../../middleware/api-responses';
import { portalRoute, referenceOf } from '../route';

/** `POST …/outgoing-stays/{reference}/sent`: **Beställning skickad**. */
export const handler = portalRoute(async (event) => jsonResponse(200, await outgoingStayUseCases().markSent(event.principal, referenceOf(event), event.jsonBody)), { body: true });
