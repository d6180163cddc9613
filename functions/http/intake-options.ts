import middy from '@middy/core';
import { intakeOptions } from '../../shared/intake-options';
import { municipalityConfig } from '../config';
import { apiResponses, jsonResponse, type ApiEvent, type ApiResult } from './middleware/api-responses';
import { rateLimit } from './middleware/rate-limit';

const options = intakeOptions(municipalityConfig);

export const handler = middy<ApiEvent, ApiResult>()
  .use(apiResponses())
  .use(rateLimit())
  .handler(async () => jsonResponse(200, options));
