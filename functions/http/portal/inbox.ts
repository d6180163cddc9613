import { INBOX_FILTERS, type InboxFilter } from '../../../shared/portal';
import { portalWithoutPersonalData as portal } from '../../wiring-portal-lists';
import { jsonResponse } from '../middleware/api-responses';
import { portalRoute } from './route';

/** `GET /api/portal/inbox?filter=…&page=…`: the person's list, a page of it (the first unless asked). */
export const handler = portalRoute(async (event) => {
  const asked = event.queryStringParameters?.filter;
  const filter: InboxFilter = (INBOX_FILTERS as readonly string[]).includes(asked ?? '') ? (asked as InboxFilter) : 'all';
  // The use case takes any number: not a page number, or past the last, gives the nearest page.
  return jsonResponse(200, await portal().inbox(event.principal, filter, Number(event.queryStringParameters?.page ?? '1')));
});
