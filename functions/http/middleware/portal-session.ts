import type middy from '@middy/core';
import type { Context } from 'aws-lambda';
import type { Session } from '../../core/access/ports';
import type { Principal } from '../../core/access/principals';
import { DomainError } from '../../core/kernel/errors';
import { env } from '../../env';
import { sessionLookup } from '../../wiring-sessions';
import { readCookie, sessionCookieName } from '../cookies';
import type { ApiEvent, ApiResult } from './api-responses';

export type PortalEvent = ApiEvent & { principal: Principal; session: Session };

export class UnauthenticatedError extends DomainError {
  constructor() {
    super(401, 'unauthenticated', 'Du är inte inloggad, eller så har din session gått ut. Logga in igen.');
  }
}

export class CsrfError extends DomainError {
  constructor() {
    super(403, 'csrf_failed', 'Begäran kom inte från Vistelses egna sidor. Ladda om sidan och försök igen.');
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * A state-changing request must carry its session's CSRF token in `x-csrf-token` and, when the
 * browser says where it comes from, come from our own origin — else `403`.
 */
export function checkCsrf(event: ApiEvent, sessionToken: string): void {
  if (SAFE_METHODS.has(event.requestContext.http.method)) return;
  const token = event.headers?.['x-csrf-token'];
  const origin = event.headers?.origin;
  if (!token || token !== sessionToken) throw new CsrfError();
  if (origin && origin !== new URL(env().PUBLIC_BASE_URL).origin) throw new CsrfError();
}

/**
 * The portal's routes: the session cookie must name a live session (30 minutes idle, 10 hours in
 * all, the person still in the portal) — else `401`; a state-changing request must also carry the
 * session's CSRF token in `x-csrf-token` and, when the browser says where it comes from, come from
 * our own origin — else `403`. The person (`event.principal`) is what the use cases decide by.
 */
export function portalSession(): middy.MiddlewareObj<PortalEvent, ApiResult, Error, Context> {
  return {
    before: async (request) => {
      const event = request.event;
      const found = await sessionLookup().authenticate(readCookie(event, sessionCookieName()));
      if (!found) throw new UnauthenticatedError();
      checkCsrf(event, found.session.csrfToken);
      event.principal = found.principal;
      event.session = found.session;
    },
  };
}
