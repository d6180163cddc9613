import middy from '@middy/core';
import { apiResponses, jsonResponse, type ApiEvent, type ApiResult } from './middleware/api-responses';

export const handler = middy<ApiEvent, ApiResult>()
  .use(apiResponses())
  .handler(async () => jsonResponse(200, { status: 'ok' }));
