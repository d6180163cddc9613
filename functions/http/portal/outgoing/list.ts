import { outgoingList } from '../../../wiring-outgoing-light';
import { jsonResponse } from '../../middleware/api-responses';
import { portalRoute } from '../route';

/** `GET /api/portal/outgoing-stays`: the unit's outgoing stays with their waiting reports. */
export const handler = portalRoute(async (event) => jsonResponse(200, await outgoingList()(event.principal)));
