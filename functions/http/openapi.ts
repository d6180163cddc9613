import middy from '@middy/core';
import { municipalityConfig } from '../config';
import { env } from '../env';
import { apiResponses, jsonResponse, type ApiEvent, type ApiResult } from './middleware/api-responses';
import { rateLimit } from './middleware/rate-limit';
import { openApiDocument } from './openapi-document';

const document = openApiDocument(municipalityConfig, env().PUBLIC_BASE_URL);

export const handler = middy<ApiEvent, ApiResult>()
  .use(apiResponses())
  .use(rateLimit())
  .handler(async () => jsonResponse(200, document));
