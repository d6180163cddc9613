import middy from '@middy/core';
import { submitOrder } from '../core/intake/submit-order';
import { env, municipalityConfig, stores, systemClock, ulidIds } from '../wiring';
import { personalDataVault } from '../wiring-vault';
import { apiResponses, jsonResponse, type ApiEvent, type ApiResult } from './middleware/api-responses';
import { rateLimit } from './middleware/rate-limit';
import { jsonBody } from './middleware/json-body';
import { ORDER_MAX_BYTES } from './limits';

const submit = submitOrder({
  ...stores(),
  vault: personalDataVault(),
  clock: systemClock,
  ids: ulidIds,
  config: municipalityConfig,
  publicBaseUrl: env().PUBLIC_BASE_URL,
});

export const handler = middy<ApiEvent, ApiResult>()
  .use(apiResponses())
  .use(rateLimit())
  .use(jsonBody({ maxBytes: ORDER_MAX_BYTES }))
  .handler(async (event) => {
    const result = await submit({ body: event.jsonBody, idempotencyKey: event.headers['idempotency-key'] });
    return jsonResponse(result.statusCode, result.receipt, result.replayed ? { 'idempotent-replayed': 'true' } : {});
  });
