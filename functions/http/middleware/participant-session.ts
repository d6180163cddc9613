import type middy from '@middy/core';
import type { Context } from 'aws-lambda';
import type { OrdererPrincipal } from '../../core/access/orderer-access';
import type { Principal } from '../../core/access/principals';
import { orderer } from '../../wiring-orderer';
import { sessionLookup } from '../../wiring-sessions';
import { ordererCookieName, readCookie, sessionCookieName } from '../cookies';
import type { ApiEvent, ApiResult } from './api-responses';
import { checkCsrf, UnauthenticatedError } from './portal-session';

export type ParticipantEvent = ApiEvent & { participant: Principal | OrdererPrincipal; csrfToken: string };

/**
 * The routes of a case's messages, for both its parties: a member of staff with a live portal
 * session, or the orderer with a live session for this very case (opened with a one-time code) —
 * else `401`. A state-changing request must carry that session's CSRF token and, when the browser
 * says where it comes from, come from our own origin — else `403`.
 */
export function participantSession(): middy.MiddlewareObj<ParticipantEvent, ApiResult, Error, Context> {
  return {
    before: async (request) => {
      const event = request.event;
      const reference = decodeURIComponent(event.pathParameters?.reference ?? '');
      const staff = await sessionLookup().authenticate(readCookie(event, sessionCookieName()));
      const found = staff
        ? { participant: staff.principal as Principal | OrdererPrincipal, csrfToken: staff.session.csrfToken }
        : await orderer()
            .authenticate(readCookie(event, ordererCookieName()), reference)
            .then((o) => o && { participant: o.principal, csrfToken: o.session.csrfToken });
      if (!found) throw new UnauthenticatedError();
      checkCsrf(event, found.csrfToken);
      event.participant = found.participant;
      event.csrfToken = found.csrfToken;
    },
  };
}
