import type { ApiErrorBody, Me } from '../../../shared/api';
import type { FieldIssue } from '../../../shared/order';
import { READABLE_COOKIE, readableCookieValue } from '../../../shared/readable-cookies';

/**
 * The portal's calls to its API. The session is an HttpOnly cookie the browser sends by itself;
 * the CSRF token from `me` goes with every POST. An answer that the session has ended sends the
 * browser to log in again, and back to this page after.
 */
let csrfToken = '';

export function loginUrl(returnTo = `${window.location.pathname}${window.location.search}`): string {
  return `/api/auth/login?returnTo=${encodeURIComponent(returnTo)}`;
}

export class PortalError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues: FieldIssue[] = [],
  ) {
    super(message);
  }
}

async function answer<T>(response: Response): Promise<T> {
  if (response.status === 401) {
    window.location.assign(loginUrl());
    throw new PortalError(401, 'unauthenticated', 'Du behöver logga in igen.');
  }
  const json = (await response.json().catch(() => undefined)) as unknown;
  if (!response.ok) {
    const error = (json as ApiErrorBody | undefined)?.error;
    throw new PortalError(response.status, error?.code ?? 'error', error?.message ?? 'Något gick fel. Försök igen om en stund.', error?.issues ?? []);
  }
  return json as T;
}

/**
 * Who is logged in; `undefined` (and off to login) when nobody is. Asked only where someone logged
 * in on this browser (the readable cookie the login sets beside the session): a first visit goes
 * straight to the login, without a 401 in the browser's console. A session that ran out since still
 * answers 401, and the login follows.
 */
export async function loadMe(): Promise<Me | undefined> {
  if (readableCookieValue(document.cookie, READABLE_COOKIE.staffSignedIn) === undefined) return undefined;
  const response = await fetch('/api/auth/me', { headers: { accept: 'application/json' } });
  if (response.status === 401) return undefined;
  const me = await answer<Me>(response);
  csrfToken = me.csrfToken;
  return me;
}

export async function portalGet<T>(path: string): Promise<T> {
  return answer<T>(await fetch(`/api${path}`, { headers: { accept: 'application/json' } }));
}

export async function portalPost<T>(path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
  return answer<T>(
    await fetch(`/api${path}`, {
      method: 'POST',
      headers: { accept: 'application/json', 'content-type': 'application/json', 'x-csrf-token': csrfToken, ...headers },
      body: JSON.stringify(body ?? {}),
    }),
  );
}

/** Ends the session, then the identity provider's. */
export async function logout(): Promise<void> {
  const { redirectTo } = await portalPost<{ redirectTo: string }>('/auth/logout');
  window.location.assign(redirectTo);
}
