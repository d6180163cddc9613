import { parse, serialize } from 'cookie';
import { ORDERER_SESSION_MS } from '../core/access/orderer-access';
import { SESSION_ABSOLUTE_MS, LOGIN_ATTEMPT_MS } from '../core/access/sessions';
import { READABLE_COOKIE } from '../../shared/readable-cookies';
import { env } from '../env';
import type { ApiEvent } from './middleware/api-responses';

/**
 * The portal's cookies. In AWS (https) they carry `Secure` and the `__Host-` prefix (no domain,
 * path `/`, secure only); on this machine (http://localhost) they can't, so they go without. Both
 * are `HttpOnly` (no script reads them) and `SameSite=Lax` (a link in a mail, a top-level
 * navigation from another site, still carries the session; a form or fetch from another site does not).
 */
const secure = () => env().PUBLIC_BASE_URL.startsWith('https://');
const name = (base: string) => (secure() ? `__Host-${base}` : base);

export const sessionCookieName = () => name('vistelse-session');
/** The orderer's short session for one case (opened with a one-time code). */
export const ordererCookieName = () => name('vistelse-orderer');
/** Beside the orderer's session, readable by the page: which case this browser has open (`shared/readable-cookies.ts`). */
export const ordererOpenHintCookieName = () => name(READABLE_COOKIE.ordererOpen);
/** Beside a staff session, readable by the portal's page: that someone logged in here (`shared/readable-cookies.ts`). */
export const staffSignedInHintCookieName = () => name(READABLE_COOKIE.staffSignedIn);
/** Binds a login's `state` to the browser that started it (a login started elsewhere can't be finished here). */
export const loginCookieName = () => name('vistelse-login');

export function readCookie(event: ApiEvent, cookieName: string): string | undefined {
  for (const line of event.cookies ?? []) {
    const value = parse(line)[cookieName];
    if (value !== undefined) return value;
  }
  return undefined;
}

/** `HttpOnly` unless `readable` (a cookie the page's script reads: `shared/readable-cookies.ts`). */
export function setCookie(cookieName: string, value: string, maxAgeMs: number, options: { readable?: boolean } = {}): string {
  return serialize(cookieName, value, { httpOnly: !options.readable, secure: secure(), sameSite: 'lax', path: '/', maxAge: Math.floor(maxAgeMs / 1000) });
}

/** Ends a cookie, `HttpOnly` or not (a response's cookie of the same name and path replaces it). */
export function clearCookie(cookieName: string): string {
  return serialize(cookieName, '', { httpOnly: true, secure: secure(), sameSite: 'lax', path: '/', maxAge: 0 });
}

export const SESSION_COOKIE_MAX_AGE_MS = SESSION_ABSOLUTE_MS;
export const LOGIN_COOKIE_MAX_AGE_MS = LOGIN_ATTEMPT_MS;
export const ORDERER_COOKIE_MAX_AGE_MS = ORDERER_SESSION_MS;
