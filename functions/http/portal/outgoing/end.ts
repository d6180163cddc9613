import { outgoingStayUseCases } from '../../../wiring-outgoing';
import { jsonResponse } from '../../middleware/api-responses';
import { portalRoute, referenceOf } from '../route';

/** `POST …/outgoing-stays/{reference}/end`: **Vistelsen avslutad** (ended early, or it never came about). */
export const handler = portalRoute(async (event) => jsonResponse(200, await outgoingStayUseCases().end(event.principal, referenceOf(event), event.jsonBody)), { body: true });
