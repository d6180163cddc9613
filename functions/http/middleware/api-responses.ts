import { cleanupMiddlewares } from '@aws-lambda-powertools/commons';
import type middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2, Context } from 'aws-lambda';
import type { ApiErrorBody } from '../../../shared/api';
import { DomainError } from '../../core/kernel/errors';
import { correlationId, logger } from '../../observability/telemetry';
import { redactPersonnummer } from '../log-redaction';

export type ApiEvent = APIGatewayProxyEventV2 & { jsonBody?: unknown };
export type ApiResult = APIGatewayProxyResultV2 & { statusCode: number; headers?: Record<string, string>; body?: string; cookies?: string[] };

/** Headers on every API answer: personal data must not be cached, sniffed or framed. */
export const API_SECURITY_HEADERS: Record<string, string> = {
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'; base-uri 'none'",
  'strict-transport-security': 'max-age=63072000; includeSubDomains',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
};

/** A JSON answer with the API's headers (and cookies to set, if any). */
export function jsonResponse(statusCode: number, body: unknown, headers: Record<string, string> = {}, cookies?: string[]): ApiResult {
  return {
    statusCode,
    headers: { 'content-type': 'application/json; charset=utf-8', ...API_SECURITY_HEADERS, ...headers },
    body: JSON.stringify(body),
    ...(cookies?.length ? { cookies } : {}),
  };
}

/** A redirect (`302`) the browser follows, e.g. into and out of the identity provider. */
export function redirectResponse(location: string, cookies?: string[]): ApiResult {
  return { statusCode: 302, headers: { location, ...API_SECURITY_HEADERS }, body: '', ...(cookies?.length ? { cookies } : {}) };
}

/** A file to download (`attachment`), base64-encoded as API Gateway passes binary answers. */
export function fileResponse(fileName: string, contentType: string, body: Uint8Array): ApiResult {
  return {
    statusCode: 200,
    headers: { 'content-type': contentType, 'content-disposition': `attachment; filename="${fileName.replace(/[^A-Za-z0-9._-]/g, '_')}"`, ...API_SECURITY_HEADERS },
    body: Buffer.from(body).toString('base64'),
    isBase64Encoded: true,
  };
}

interface Options {
  /** Where unexpected errors are reported (never to the caller). */
  logError?: (message: string, details: Record<string, unknown>) => void;
}

const defaults: Required<Options> = {
  logError: (message, details) => logger.error(message, details),
};

/** The answer's correlation id, for the caller to quote (the same id is on every log line and mail the request caused). */
function withCorrelationId(result: ApiResult): ApiResult {
  const id = correlationId();
  return id ? Object.assign({}, result, { headers: { ...result.headers, 'x-correlation-id': id } }) : result;
}

/**
 * Maps errors to the contract's error shape: a `DomainError` keeps its status, code, message
 * and field issues; anything else is a 500 whose details stay in the log.
 */
export function apiResponses(options: Options = {}): middy.MiddlewareObj<ApiEvent, ApiResult, Error, Context> {
  const { logError } = { ...defaults, ...options };
  const started = new WeakMap<object, number>();
  const elapsed = (request: object) => Math.round(performance.now() - (started.get(request) ?? performance.now()));
  /** The answer, logged in one line (its status and time; a refusal's code and the fields it named, never their values). */
  const answered = async (request: middy.Request<ApiEvent, ApiResult, Error, Context>, response: ApiResult, refusal?: { code: string; fields?: string[] }) => {
    request.response = withCorrelationId(response);
    const line = { status: response.statusCode, duration_ms: elapsed(request), ...(refusal ? { code: refusal.code, ...(refusal.fields?.length ? { fields: refusal.fields } : {}) } : {}) };
    if (response.statusCode >= 500) logger.error('answered', line);
    else if (response.statusCode >= 400) logger.warn('answered', line);
    else logger.info('answered', line);
    return request.response;
  };
  return {
    before: (request) => {
      started.set(request, performance.now());
    },
    after: async (request) => {
      if (request.response) await answered(request, request.response);
    },
    onError: async (request) => {
      const error = request.error;
      if (error instanceof DomainError && error.status < 500) {
        const body: ApiErrorBody = {
          error: { code: error.code, message: error.message, ...(error.issues ? { issues: error.issues } : {}) },
        };
        // A path can hold a key the caller chose (an unknown field): masked like a stack, and only the first few.
        const fields = error.issues?.slice(0, 20).map((i) => redactPersonnummer(i.path).slice(0, 100));
        const response = await answered(request, jsonResponse(error.status, body, error.headers), { code: error.code, fields });
        // An answer made here ends the chain early: Powertools' own middlewares (the metrics' flush, the log keys' reset, the trace's close) still run.
        await cleanupMiddlewares(request);
        return response;
      }
      logError('Unhandled error', {
        requestId: request.context?.awsRequestId,
        route: request.event?.routeKey,
        errorName: error?.name,
        // The message and stack name code paths, not request data: zod and our domain errors
        // (which can quote input) never reach this branch. Runtime errors can quote a value
        // (V8's JSON errors do), so anything shaped like a personnummer is masked.
        errorMessage: redactPersonnummer(error?.message),
        stack: redactPersonnummer(error?.stack),
      });
      const response = await answered(
        request,
        jsonResponse(500, {
          error: { code: 'internal_error', message: 'Något gick fel hos oss. Försök igen om en stund; inget du skickat har sparats som halvfärdigt.' },
        } satisfies ApiErrorBody),
        { code: 'internal_error' },
      );
      await cleanupMiddlewares(request);
      return response;
    },
  };
}
