import { DomainError, MethodNotAllowedError } from '../core/kernel/errors';
import { matchRoute, ROUTES } from '../routes';
import { type ApiEvent } from './middleware/api-responses';
import { rateLimit } from './middleware/rate-limit';
import { httpFunction } from './http-function';

/**
 * API Gateway's `$default` route (and the local adapter's, for the same requests): whatever no
 * route takes gets the API's own error body — `405` with `Allow` when the path exists for other
 * methods, else `404` — rather than API Gateway's `{"message":"Not Found"}`.
 */
export const handler = httpFunction<ApiEvent>()
  .use(rateLimit())
  .handler(async (event) => {
    const match = matchRoute(ROUTES, event.requestContext.http.method, event.rawPath);
    if ('status' in match && match.status === 405) throw new MethodNotAllowedError(match.allow);
    throw new DomainError(404, 'not_found', 'Det finns ingen sådan adress i API:et.');
  });
