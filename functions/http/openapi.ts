import { municipalityConfig } from '../config';
import { env } from '../env';
import { jsonResponse, type ApiEvent } from './middleware/api-responses';
import { rateLimit } from './middleware/rate-limit';
import { openApiDocument } from './openapi-document';
import { httpFunction } from './http-function';

const document = openApiDocument(municipalityConfig, env().PUBLIC_BASE_URL);

export const handler = httpFunction<ApiEvent>()
  .use(rateLimit())
  .handler(async () => jsonResponse(200, document));
