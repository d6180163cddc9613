import { submitOrder } from '../core/intake/submit-order';
import { DomainError } from '../core/kernel/errors';
import { env, municipalityConfig, stores, systemClock, ulidIds } from '../wiring';
import { personalDataVault } from '../wiring-vault';
import { jsonResponse, type ApiEvent } from './middleware/api-responses';
import { rateLimit } from './middleware/rate-limit';
import { jsonBody } from './middleware/json-body';
import { ORDER_MAX_BYTES } from './limits';
import { httpFunction } from './http-function';
import { DIMENSION, METRIC } from '../observability/metric-names';
import { count, logger } from '../observability/telemetry';

const submit = submitOrder({
  ...stores(),
  vault: personalDataVault(),
  clock: systemClock,
  ids: ulidIds,
  config: municipalityConfig,
  publicBaseUrl: env().PUBLIC_BASE_URL,
});

export const handler = httpFunction<ApiEvent>()
  // Every refusal (rate limited, too large, not JSON, field errors) is counted as one.
  .use({ onError: (request) => (request.error instanceof DomainError && request.error.status < 500 ? count(METRIC.ordersRefused) : undefined) })
  .use(rateLimit())
  .use(jsonBody({ maxBytes: ORDER_MAX_BYTES }))
  .handler(async (event) => {
    const result = await submit({ body: event.jsonBody, idempotencyKey: event.headers['idempotency-key'] });
    logger.appendKeys({ case_reference: result.receipt.reference });
    if (result.routing) {
      count(METRIC.ordersReceived);
      count(METRIC.routings, 1, { [DIMENSION.outcome]: result.routing.caseworker });
      for (const provider of result.routing.providers) count(METRIC.routings, 1, { [DIMENSION.outcome]: provider });
      logger.info('order received', { caseworker: result.routing.caseworker, providers: result.routing.providers });
    }
    return jsonResponse(result.statusCode, result.receipt, result.replayed ? { 'idempotent-replayed': 'true' } : {});
  });
