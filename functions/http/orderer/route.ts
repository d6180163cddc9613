import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import type { OrdererPrincipal } from '../../core/access/orderer-access';
import type { OrdererSession } from '../../core/access/ports';
import { orderer } from '../../wiring-orderer';
import { ordererCookieName, readCookie } from '../cookies';
import { type ApiEvent, type ApiResult } from '../middleware/api-responses';
import { jsonBody } from '../middleware/json-body';
import { checkCsrf, UnauthenticatedError } from '../middleware/portal-session';
import { rateLimit } from '../middleware/rate-limit';
import { httpFunction } from '../http-function';

export type OrdererEvent = ApiEvent & { orderer: OrdererPrincipal; ordererSession: OrdererSession };

export const referenceOf = (event: ApiEvent) => decodeURIComponent(event.pathParameters?.reference ?? '');

/** The orderer's routes before a session (the code): rate limited, a small JSON body. */
export function ordererPublicRoute(handler: (event: ApiEvent) => Promise<ApiResult>) {
  return httpFunction<ApiEvent>().use(rateLimit()).use(jsonBody({ maxBytes: 1024 })).handler(handler);
}

/** The orderer's routes with a session for this very case — else `401`; a POST needs its CSRF token and our origin. */
export function ordererRoute(handler: (event: OrdererEvent) => Promise<ApiResult>, options: { body?: boolean } = {}) {
  const session: middy.MiddlewareObj<OrdererEvent, ApiResult, Error, Context> = {
    before: async (request) => {
      const event = request.event;
      const found = await orderer().authenticate(readCookie(event, ordererCookieName()), referenceOf(event));
      if (!found) throw new UnauthenticatedError();
      checkCsrf(event, found.session.csrfToken);
      event.orderer = found.principal;
      event.ordererSession = found.session;
    },
  };
  const route = httpFunction<OrdererEvent>().use(rateLimit()).use(session);
  // A small JSON body where the route takes one (a date).
  if (options.body) route.use(jsonBody({ maxBytes: 1024 }));
  return route.handler(handler);
}
