import { portalSessions } from '../../wiring-auth';
import { clearCookie, readCookie, sessionCookieName, staffSignedInHintCookieName } from '../cookies';
import { jsonResponse } from '../middleware/api-responses';
import { portalSession, type PortalEvent } from '../middleware/portal-session';
import { rateLimit } from '../middleware/rate-limit';
import { httpFunction } from '../http-function';

/** `POST /api/auth/logout`: the session ends here; the answer says where the identity provider's ends too. */
export const handler = httpFunction<PortalEvent>()
  .use(rateLimit())
  .use(portalSession())
  .handler(async (event) => {
    const { endSessionUrl } = await portalSessions().logout(readCookie(event, sessionCookieName()));
    return jsonResponse(200, { redirectTo: endSessionUrl ?? '/portal/utloggad' }, {}, [clearCookie(sessionCookieName()), clearCookie(staffSignedInHintCookieName())]);
  });
