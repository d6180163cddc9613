import { parse } from 'cookie';

/**
 * The cookies the pages' script may read (not `HttpOnly`), set beside a session the script can't
 * see: they say only that a session was opened here, so that a page asks the server for it at once
 * instead of asking whether one exists and getting a 401 — which browsers log as an error. Neither
 * holds a secret (the session's own cookie is what opens anything). In AWS (https) the name has the
 * `__Host-` prefix.
 */
export const READABLE_COOKIE = {
  /** Which case this browser has open as its orderer (the case's reference). */
  ordererOpen: 'vistelse-orderer-open',
  /** That a member of staff logged in on this browser (`1`), until logout or the session's 10 hours. */
  staffSignedIn: 'vistelse-inloggad',
} as const;

export type ReadableCookie = (typeof READABLE_COOKIE)[keyof typeof READABLE_COOKIE];

/** A readable cookie's value in `document.cookie`, under its name with or without `__Host-`. */
export function readableCookieValue(cookieHeader: string, name: ReadableCookie): string | undefined {
  const cookies = parse(cookieHeader);
  return cookies[name] ?? cookies[`__Host-${name}`];
}
