import { INBOX_FILTERS, type InboxFilter } from '../../../shared/portal';
import { portalWithoutPersonalData as portal } from '../../wiring-portal-lists';
import { jsonResponse } from '../middleware/api-responses';
import { portalRoute } from './route';

/** `GET /api/portal/inbox?filter=…&page=…`: the person's list, a page of it (the first unless asked). */
export const handler = portalRoute(async (event) => {
  const asked = event.queryStringParameters?.filter;
  const filter: InboxFilter = (INBOX_FILTERS as readonly string[]).includes(asked ?? '') ? (asked as InboxFilter) : 'all';
  const page = Number(event.queryStringParameters?.page ?? '1');
  return jsonResponse(200, await portal().inbox(event.principal, filter, Number.isInteger(page) && page > 0 ? page : 1));
});
