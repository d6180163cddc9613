import { httpCorrelation, observedFunction } from '../observability/lambda';
import { apiResponses, type ApiEvent, type ApiResult } from './middleware/api-responses';

/**
 * Every HTTP function starts here: observed (X-Ray, the log's Lambda context and correlation id —
 * the caller's `X-Correlation-Id` or API Gateway's request id — the route and the case reference,
 * the metrics' flush), then the API's answers: the contract's error shape, one log line per answer.
 */
export function httpFunction<TEvent extends ApiEvent = ApiEvent>() {
  return observedFunction<TEvent, ApiResult>(httpCorrelation).use(apiResponses());
}
