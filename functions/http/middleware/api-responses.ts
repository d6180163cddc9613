import type middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2, Context } from 'aws-lambda';
import type { ApiErrorBody } from '../../../shared/api';
import { DomainError } from '../../core/kernel/errors';
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
  logError: (message, details) => console.error(JSON.stringify({ level: 'error', message, ...details })),
};

/**
 * Maps errors to the contract's error shape: a `DomainError` keeps its status, code, message
 * and field issues; anything else is a 500 whose details stay in the log.
 */
export function apiResponses(options: Options = {}): middy.MiddlewareObj<ApiEvent, ApiResult, Error, Context> {
  const { logError } = { ...defaults, ...options };
  return {
    onError: async (request) => {
      const error = request.error;
      if (error instanceof DomainError && error.status < 500) {
        const body: ApiErrorBody = {
          error: { code: error.code, message: error.message, ...(error.issues ? { issues: error.issues } : {}) },
        };
        request.response = jsonResponse(error.status, body, error.headers);
        return request.response;
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
      request.response = jsonResponse(500, {
        error: { code: 'internal_error', message: 'Något gick fel hos oss. Försök igen om en stund; inget du skickat har sparats som halvfärdigt.' },
      } satisfies ApiErrorBody);
      return request.response;
    },
  };
}
