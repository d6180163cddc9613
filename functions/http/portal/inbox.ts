import { INBOX_FILTERS, type InboxFilter } from '../../../shared/portal';
import { portalWithoutPersonalData as portal } from '../../wiring-portal-lists';
import { jsonResponse } from '../middleware/api-responses';
import { portalRoute } from './route';

/** `GET /api/portal/inbox?filter=…`: the person's list. */
export const handler = portalRoute(async (event) => {
  const asked = event.queryStringParameters?.filter;
  const filter: InboxFilter = (INBOX_FILTERS as readonly string[]).includes(asked ?? '') ? (asked as InboxFilter) : 'all';
  return jsonResponse(200, await portal().inbox(event.principal, filter));
});
