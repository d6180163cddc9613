import { jsonResponse, type ApiEvent } from './middleware/api-responses';
import { rateLimit } from './middleware/rate-limit';
import { httpFunction } from './http-function';

export const handler = httpFunction<ApiEvent>()
  .use(rateLimit())
  .handler(async () => jsonResponse(200, { status: 'ok' }));
