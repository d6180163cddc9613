import { outgoingStayUseCases } from '../../../wiring-outgoing';
import { jsonResponse } from '../../middleware/api-responses';
import { portalRoute } from '../route';

/** `POST /api/portal/outgoing-stays`: **Ny utgående vistelse**. */
export const handler = portalRoute(async (event) => jsonResponse(201, await outgoingStayUseCases().register(event.principal, event.jsonBody)), { body: true, maxBytes: 64 * 1024 });
