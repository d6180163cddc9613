import { intakeOptions } from '../../shared/intake-options';
import { municipalityConfig } from '../config';
import { jsonResponse, type ApiEvent } from './middleware/api-responses';
import { rateLimit } from './middleware/rate-limit';
import { httpFunction } from './http-function';

const options = intakeOptions(municipalityConfig);

export const handler = httpFunction<ApiEvent>()
  .use(rateLimit())
  .handler(async () => jsonResponse(200, options));
