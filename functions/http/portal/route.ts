import { INSATS_TYPES, type InsatsType } from '../../../shared/insatser';
import { NotFoundError } from '../../core/kernel/errors';
import { type ApiResult } from '../middleware/api-responses';
import { jsonBody } from '../middleware/json-body';
import { portalSession, type PortalEvent } from '../middleware/portal-session';
import { rateLimit } from '../middleware/rate-limit';
import { httpFunction } from '../http-function';

/** The largest body a portal form sends (a reason, a name, a date). */
const PORTAL_MAX_BYTES = 16 * 1024;

/**
 * A portal route: rate limited, for a live session only (and, for a POST, its CSRF token), with
 * a JSON body where it takes one. The handler itself is the use case's call and its answer.
 */
export function portalRoute(handler: (event: PortalEvent) => Promise<ApiResult>, options: { body?: boolean; maxBytes?: number } = {}) {
  const route = httpFunction<PortalEvent>().use(rateLimit()).use(portalSession());
  if (options.body) route.use(jsonBody({ maxBytes: options.maxBytes ?? PORTAL_MAX_BYTES }));
  return route.handler(handler);
}

/** The case reference in the path. */
export const referenceOf = (event: PortalEvent) => decodeURIComponent(event.pathParameters?.reference ?? '');

/** The insats type in the path; an unknown one is an assignment that does not exist. */
/** The extra visit of the path (`{extra}`), an id of letters and digits. */
export function extraVisitOf(event: PortalEvent): string {
  const id = event.pathParameters?.extra;
  if (!id || !/^[0-9A-Za-z]{1,40}$/.test(id)) throw new NotFoundError('Extrabesöket');
  return id;
}

export function insatsOf(event: PortalEvent): InsatsType {
  const insats = event.pathParameters?.insats;
  if (!insats || !(INSATS_TYPES as readonly string[]).includes(insats)) throw new NotFoundError('Uppdraget');
  return insats as InsatsType;
}
