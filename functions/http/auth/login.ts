import { portalSessions } from '../../wiring-auth';
import { LOGIN_COOKIE_MAX_AGE_MS, loginCookieName, setCookie } from '../cookies';
import { redirectResponse, type ApiEvent } from '../middleware/api-responses';
import { rateLimit } from '../middleware/rate-limit';
import { httpFunction } from '../http-function';

/** `GET /api/auth/login?returnTo=/portal/…`: off to the identity provider, with a cookie that ties the login to this browser. */
export const handler = httpFunction<ApiEvent>()
  .use(rateLimit())
  .handler(async (event) => {
    const { redirectTo, state } = await portalSessions().startLogin(event.queryStringParameters?.returnTo);
    return redirectResponse(redirectTo, [setCookie(loginCookieName(), state, LOGIN_COOKIE_MAX_AGE_MS)]);
  });
