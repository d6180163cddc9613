import { purgeLogOf } from '../../wiring-portal-lists';
import { jsonResponse } from '../middleware/api-responses';
import { portalRoute } from './route';

/** `GET /api/portal/purge-log`: **Gallringslogg**, the unit head's. */
export const handler = portalRoute(async (event) => jsonResponse(200, await purgeLogOf()(event.principal)));
