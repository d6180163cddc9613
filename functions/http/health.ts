import middy from '@middy/core';
import { apiResponses, jsonResponse, type ApiEvent, type ApiResult } from './middleware/api-responses';
import { rateLimit } from './middleware/rate-limit';

export const handler = middy<ApiEvent, ApiResult>()
  .use(apiResponses())
  .use(rateLimit())
  .handler(async () => jsonResponse(200, { status: 'ok' }));
