import type middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { timingSafeEqual } from 'node:crypto';
import RateLimiterMemory from 'rate-limiter-flexible/lib/RateLimiterMemory.js';
import type { ApiErrorBody } from '../../../shared/api';
import { apiRateLimit, edgeOriginSecret, type ApiRateLimit } from '../../env';
import { EDGE_ORIGIN_HEADER, RATE_LIMITED_ERROR } from '../limits';
import { jsonResponse, type ApiEvent, type ApiResult } from './api-responses';

interface Options {
  /** The limit, read on every request (cheap); default the environment's (`API_RATE_LIMIT`). */
  settings?: () => ApiRateLimit;
  /** The secret our CloudFront sends in `x-vistelse-edge`; default the environment's (`EDGE_ORIGIN_SECRET`). */
  edgeSecret?: () => string | undefined;
}

/** One counter per route, limit and window (a changed limit starts afresh). */
const limiters = new Map<string, InstanceType<typeof RateLimiterMemory>>();

/** Forgets every count, as a new process would (the local stack calls it when it starts). */
export function resetRateLimits(): void {
  limiters.clear();
}

/**
 * Whom a request is counted against: API Gateway's `requestContext.http.sourceIp`, the address
 * of the connection (never a header a client can set). IPv4-mapped IPv6 addresses count as the
 * IPv4 address; other IPv6 addresses by their /64 prefix, which one subscriber usually holds whole.
 */
export function rateLimitKey(sourceIp: string | undefined): string {
  const ip = (sourceIp ?? '').trim().toLowerCase().replace(/%.*$/, '');
  if (ip === '') return 'unknown';
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(ip);
  if (mapped) return mapped[1];
  if (!ip.includes(':')) return ip;
  const [head, tail] = ip.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = ip.includes('::') ? [...left, ...Array(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right] : left;
  return `${groups.slice(0, 4).map((g) => g.replace(/^0+(?=.)/, '')).join(':')}::/64`;
}

/**
 * Whether a request came through our CloudFront: it carries the secret origin header CloudFront
 * adds (`EDGE_ORIGIN_SECRET`, from Secrets Manager in AWS; CloudFront overwrites a viewer's header
 * of that name). Without a configured secret — locally — nothing counts as having come through it.
 */
export function cameThroughCloudFront(event: ApiEvent, secret: string | undefined): boolean {
  const sent = event.headers?.[EDGE_ORIGIN_HEADER];
  if (!secret || !sent) return false;
  const a = Buffer.from(sent);
  const b = Buffer.from(secret);
  return a.length === b.length && timingSafeEqual(a, b);
}

function isRefusal(value: unknown): value is { msBeforeNext: number } {
  return typeof value === 'object' && value !== null && !(value instanceof Error) && typeof (value as { msBeforeNext?: unknown }).msBeforeNext === 'number';
}

/**
 * Rate limiting on a public route, per client IP and route (`rate-limiter-flexible`, in memory).
 * Over the limit the request gets `429` with `Retry-After` (seconds) and the API's error shape,
 * before its body is read or anything is stored. In AWS the WAF's rate rule on CloudFront
 * applies the same limit first; this one holds wherever the handlers run (locally too, and for
 * calls straight to execute-api), counted per function instance.
 */
export function rateLimit(options: Options = {}): middy.MiddlewareObj<ApiEvent, ApiResult, Error, Context> {
  const settings = options.settings ?? apiRateLimit;
  const edgeSecret = options.edgeSecret ?? edgeOriginSecret;
  return {
    before: async (request) => {
      const { limit, windowSeconds } = settings();
      if (limit === 0) return undefined;
      // Through our CloudFront, `sourceIp` is a CloudFront server's address, shared by many
      // visitors: counting it would let one visitor at the WAF's limit use up everyone else's
      // share. There the WAF has already counted the visitor's own address.
      if (cameThroughCloudFront(request.event, edgeSecret())) return undefined;
      const route = request.event.routeKey ?? request.event.requestContext?.routeKey ?? 'unknown';
      const id = `${route}|${limit}|${windowSeconds}`;
      let limiter = limiters.get(id);
      if (!limiter) {
        limiter = new RateLimiterMemory({ points: limit, duration: windowSeconds, keyPrefix: route });
        limiters.set(id, limiter);
      }
      try {
        await limiter.consume(rateLimitKey(request.event.requestContext?.http?.sourceIp));
        return undefined;
      } catch (rejection) {
        if (!isRefusal(rejection)) throw rejection;
        const retryAfter = Math.min(windowSeconds, Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)));
        return jsonResponse(429, { error: { ...RATE_LIMITED_ERROR } } satisfies ApiErrorBody, { 'retry-after': String(retryAfter) });
      }
    },
  };
}
