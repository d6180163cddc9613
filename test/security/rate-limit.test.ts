import { rmSync } from 'node:fs';
import middy from '@middy/core';
import { Template } from 'aws-cdk-lib/assertions';
import type { Context } from 'aws-lambda';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { parseApiRateLimit, type ApiRateLimit } from '../../functions/env';
import { API_RATE_LIMIT_DEFAULT, API_RATE_LIMIT_WINDOW_SECONDS } from '../../functions/http/limits';
import { apiResponses, jsonResponse, type ApiEvent, type ApiResult } from '../../functions/http/middleware/api-responses';
import { rateLimit, rateLimitKey, resetRateLimits } from '../../functions/http/middleware/rate-limit';
import { ROUTES } from '../../functions/routes';
import { buildApp } from '../../infra/build';
import { lambdaContext } from '../../infra/local/lambda-context';
import { fakeWebDist, onlyResource, resourcesOf } from '../infra/support';

/** The rate-limit middleware on its own, its settings, and the setting shared with the WAF. */

function event(sourceIp: string, routeKey = 'POST /api/orders'): ApiEvent {
  return {
    version: '2.0',
    routeKey,
    rawPath: '/api/orders',
    rawQueryString: '',
    headers: {},
    isBase64Encoded: false,
    requestContext: {
      accountId: 'test',
      apiId: 'test',
      domainName: 'localhost',
      domainPrefix: 'localhost',
      http: { method: 'POST', path: '/api/orders', protocol: 'HTTP/1.1', sourceIp, userAgent: 'test' },
      requestId: crypto.randomUUID(),
      routeKey,
      stage: '$default',
      time: new Date().toUTCString(),
      timeEpoch: Date.now(),
    },
  };
}

function limitedHandler(settings: ApiRateLimit, edgeSecret?: string) {
  let calls = 0;
  const handler = middy<ApiEvent, ApiResult>()
    .use(apiResponses())
    .use(rateLimit({ settings: () => settings, edgeSecret: () => edgeSecret }))
    .handler(async () => {
      calls++;
      return jsonResponse(201, { ok: true });
    });
  const call = (sourceIp: string, routeKey?: string, headers: Record<string, string> = {}) =>
    handler({ ...event(sourceIp, routeKey), headers }, lambdaContext('test') as Context);
  return { call, calls: () => calls };
}

beforeEach(() => resetRateLimits());

describe('the rate-limit middleware', () => {
  it('lets the limit through per address, then answers 429 with Retry-After without calling the handler', async () => {
    const { call, calls } = limitedHandler({ limit: 3, windowSeconds: 60 });
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await call('198.51.100.1')).statusCode);
    expect(statuses).toEqual([201, 201, 201, 429, 429]);
    expect(calls()).toBe(3);
    const refused = await call('198.51.100.1');
    expect(Number(refused.headers?.['retry-after'])).toBeGreaterThanOrEqual(59);
    expect(Number(refused.headers?.['retry-after'])).toBeLessThanOrEqual(60);
    expect(refused.headers?.['cache-control']).toBe('no-store');
    expect(JSON.parse(refused.body!)).toEqual({ error: { code: 'rate_limited', message: expect.stringContaining('Vänta') } });

    expect((await call('198.51.100.2')).statusCode).toBe(201);
    expect((await call('198.51.100.1', 'GET /api/intake/options')).statusCode, 'another route counts on its own').toBe(201);
  });

  it('lets an address in again once its window has passed', async () => {
    const { call } = limitedHandler({ limit: 1, windowSeconds: 1 });
    expect((await call('198.51.100.3')).statusCode).toBe(201);
    const refused = await call('198.51.100.3');
    expect(refused.statusCode).toBe(429);
    expect(refused.headers?.['retry-after']).toBe('1');
    await new Promise((r) => setTimeout(r, 1_100));
    expect((await call('198.51.100.3')).statusCode).toBe(201);
  });

  it('leaves requests that came through our CloudFront (its secret origin header) to the WAF: their sourceIp is a CloudFront server shared by many visitors', async () => {
    const secret = 'edge-secret-0123456789abcdef0123456789abcdef';
    const { call, calls } = limitedHandler({ limit: 2, windowSeconds: 60 }, secret);
    const edge = '130.176.0.10'; // one CloudFront server, carrying many visitors' requests
    for (let i = 0; i < 10; i++) expect((await call(edge, undefined, { 'x-vistelse-edge': secret, 'x-amz-cf-id': `cf-${i}` })).statusCode).toBe(201);
    expect(calls()).toBe(10);
    // Straight to execute-api: a forged or missing secret is counted like any caller.
    const direct = [];
    const forged: Record<string, string>[] = [{ 'x-amz-cf-id': 'forged' }, { 'x-vistelse-edge': 'guess' }, { 'x-vistelse-edge': `${secret}x` }];
    for (const headers of forged) direct.push((await call(edge, undefined, headers)).statusCode);
    expect(direct).toEqual([201, 201, 429]);
  });

  it('trusts no origin header where no secret is configured (locally)', async () => {
    const { call } = limitedHandler({ limit: 1, windowSeconds: 60 });
    expect((await call('198.51.100.9', undefined, { 'x-vistelse-edge': '' })).statusCode).toBe(201);
    expect((await call('198.51.100.9', undefined, { 'x-vistelse-edge': 'anything' })).statusCode).toBe(429);
  });

  it('is off at limit 0', async () => {
    const { call, calls } = limitedHandler({ limit: 0, windowSeconds: 60 });
    for (let i = 0; i < 50; i++) expect((await call('198.51.100.4')).statusCode).toBe(201);
    expect(calls()).toBe(50);
  });

  it('counts an IPv4-mapped address as the IPv4 address, and IPv6 by its /64', async () => {
    expect(rateLimitKey('::ffff:192.0.2.7')).toBe('192.0.2.7');
    expect(rateLimitKey('192.0.2.7')).toBe('192.0.2.7');
    expect(rateLimitKey('2001:db8:0:1:aaaa::1')).toBe('2001:db8:0:1::/64');
    expect(rateLimitKey('2001:DB8:0000:0001:ffff:ffff:ffff:ffff')).toBe('2001:db8:0:1::/64');
    expect(rateLimitKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(rateLimitKey('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
    expect(rateLimitKey('::1')).toBe('0:0:0:0::/64');
    expect(rateLimitKey(undefined)).toBe('unknown');

    const { call } = limitedHandler({ limit: 1, windowSeconds: 60 });
    expect((await call('2001:db8:0:1::1')).statusCode).toBe(201);
    expect((await call('2001:db8:0:1::2')).statusCode, 'same /64').toBe(429);
    expect((await call('2001:db8:0:2::1')).statusCode, 'another /64').toBe(201);
  });
});

describe('the rate-limit setting (API_RATE_LIMIT, API_RATE_LIMIT_WINDOW_SECONDS)', () => {
  it('defaults to the WAF rule’s limit and window when unset or empty, never to off', () => {
    expect(API_RATE_LIMIT_DEFAULT).toBe(300);
    expect(API_RATE_LIMIT_WINDOW_SECONDS).toBe(300);
    expect(parseApiRateLimit({})).toEqual({ limit: 300, windowSeconds: 300 });
    expect(parseApiRateLimit({ API_RATE_LIMIT: '', API_RATE_LIMIT_WINDOW_SECONDS: ' ' })).toEqual({ limit: 300, windowSeconds: 300 });
  });

  it('is off only when 0 is set, and refuses what is not a whole number', () => {
    expect(parseApiRateLimit({ API_RATE_LIMIT: '0' })).toEqual({ limit: 0, windowSeconds: 300 });
    expect(parseApiRateLimit({ API_RATE_LIMIT: '5', API_RATE_LIMIT_WINDOW_SECONDS: '60' })).toEqual({ limit: 5, windowSeconds: 60 });
    for (const bad of ['many', '-1', '1.5', 'off', '1e3']) {
      expect(() => parseApiRateLimit({ API_RATE_LIMIT: bad }), bad).toThrow(/API_RATE_LIMIT/);
    }
    expect(() => parseApiRateLimit({ API_RATE_LIMIT_WINDOW_SECONDS: '0' })).toThrow(/API_RATE_LIMIT_WINDOW_SECONDS/);
  });
});

describe('one setting for the WAF rule and the functions (CDK context apiRateLimit)', () => {
  const webDist = fakeWebDist();
  afterAll(() => rmSync(webDist, { recursive: true, force: true }));

  for (const [what, context, expected] of [
    ['by default', {}, 300],
    ['with -c apiRateLimit=120', { apiRateLimit: '120' }, 120],
  ] as const) {
    it(`gives every API function the WAF rule's limit and window ${what}`, () => {
      const built = buildApp({ context: { 'aws:cdk:bundling-stacks': [], webDist, ...context } });
      const [, acl] = onlyResource(Template.fromStack(built.edge), 'AWS::WAFv2::WebACL');
      const rule = (acl.Properties.Rules as any[]).find((r) => r.Statement.RateBasedStatement).Statement.RateBasedStatement;
      expect(rule.Limit).toBe(expected);
      expect(rule.EvaluationWindowSec).toBe(API_RATE_LIMIT_WINDOW_SECONDS);

      const functions = Object.entries(resourcesOf(Template.fromStack(built.main), 'AWS::Lambda::Function'));
      for (const route of ROUTES) {
        const found = functions.filter(([id]) => id.startsWith(`Api${route.id}`) && !id.includes('Logs'));
        expect(found, route.id).toHaveLength(1);
        const env = found[0][1].Properties.Environment.Variables;
        expect(env.API_RATE_LIMIT, route.id).toBe(String(expected));
        expect(env.API_RATE_LIMIT_WINDOW_SECONDS, route.id).toBe(String(rule.EvaluationWindowSec));
      }
    });
  }
});
