import { DomainError } from '../../core/kernel/errors';
import { env } from '../../env';
import { portalSessions } from '../../wiring-auth';
import { clearCookie, loginCookieName, readCookie, SESSION_COOKIE_MAX_AGE_MS, sessionCookieName, setCookie, staffSignedInHintCookieName } from '../cookies';
import { redirectResponse, type ApiEvent } from '../middleware/api-responses';
import { rateLimit } from '../middleware/rate-limit';
import { httpFunction } from '../http-function';

/**
 * `GET /api/auth/callback`: back from the identity provider. The code is exchanged server-side;
 * the browser gets only the session cookie and goes on to the page it set out for. A login that
 * fails lands on the portal's page that says why.
 */
export const handler = httpFunction<ApiEvent>()
  .use(rateLimit())
  .handler(async (event) => {
    const done = clearCookie(loginCookieName());
    try {
      const { sessionId, returnTo } = await portalSessions().completeLogin({
        callbackUrl: `${env().PUBLIC_BASE_URL}${event.rawPath}?${event.rawQueryString}`,
        state: event.queryStringParameters?.state,
        browserState: readCookie(event, loginCookieName()),
      });
      return redirectResponse(returnTo, [
        setCookie(sessionCookieName(), sessionId, SESSION_COOKIE_MAX_AGE_MS),
        // Readable by the portal's page: it asks who is logged in only where someone did (no 401 before a login).
        setCookie(staffSignedInHintCookieName(), '1', SESSION_COOKIE_MAX_AGE_MS, { readable: true }),
        done,
      ]);
    } catch (error) {
      if (error instanceof DomainError) return redirectResponse(`/portal/inloggningsfel?orsak=${encodeURIComponent(error.code)}`, [done]);
      throw error;
    }
  });
