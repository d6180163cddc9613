import { rmSync } from 'node:fs';
import { Stack } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import { Template } from 'aws-cdk-lib/assertions';
import { afterAll, describe, expect, it } from 'vitest';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { handler as notFound } from '../../functions/http/not-found';
import { buildApp } from '../../infra/build';
import { lambdaContext } from '../../infra/local/lambda-context';
import { fakeWebDist, onlyResource, resourcesOf } from './support';

/**
 * CORS in AWS. The web app and the API are one origin (CloudFront serves `/api/*` from the HTTP
 * API), so the browser needs no CORS and no other origin may be allowed. Today neither the HTTP
 * API nor a CloudFront response headers policy has a CORS configuration; should one come, it may
 * list only the app's own origin (the custom domain, or the distribution's domain), never `*`,
 * and never with credentials.
 */
const webDist = fakeWebDist();

/** A browser's CORS preflight, as API Gateway hands it to the `$default` route. */
function preflight(path: string): APIGatewayProxyEventV2 {
  const headers = { origin: 'https://evil.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' };
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: path,
    rawQueryString: '',
    headers,
    isBase64Encoded: false,
    requestContext: {
      accountId: 'test',
      apiId: 'test',
      domainName: 'api.example',
      domainPrefix: 'api',
      http: { method: 'OPTIONS', path, protocol: 'HTTP/1.1', sourceIp: '198.51.100.7', userAgent: 'test' },
      requestId: 'preflight',
      routeKey: '$default',
      stage: '$default',
      time: new Date().toUTCString(),
      timeEpoch: Date.now(),
    },
  };
}
afterAll(() => rmSync(webDist, { recursive: true, force: true }));

/** Whether a template value is the app's own origin: `https://` + the custom domain or the distribution's domain. */
function isAppOrigin(value: unknown, distributionId: string | undefined, domainName?: string): boolean {
  if (domainName && value === `https://${domainName}`) return true;
  return (
    distributionId !== undefined &&
    JSON.stringify(value) === JSON.stringify({ 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [distributionId, 'DomainName'] }]] })
  );
}

/**
 * Every CORS grant in a template that goes beyond the app's own origin: origins of the HTTP API's
 * CORS configuration and of CloudFront response headers policies, credentials, and custom
 * `Access-Control-*` headers.
 */
function foreignCorsGrants(template: Template, distributionId: string | undefined, domainName?: string): string[] {
  const grants: string[] = [];
  for (const [id, api] of Object.entries(resourcesOf(template, 'AWS::ApiGatewayV2::Api'))) {
    const cors = api.Properties.CorsConfiguration;
    for (const origin of cors?.AllowOrigins ?? []) {
      if (!isAppOrigin(origin, distributionId, domainName)) grants.push(`${id} allows origin ${JSON.stringify(origin)}`);
    }
    if (cors?.AllowCredentials) grants.push(`${id} allows credentials`);
  }
  for (const [id, policy] of Object.entries(resourcesOf(template, 'AWS::CloudFront::ResponseHeadersPolicy'))) {
    const config = policy.Properties.ResponseHeadersPolicyConfig;
    for (const origin of config.CorsConfig?.AccessControlAllowOrigins?.Items ?? []) {
      if (!isAppOrigin(origin, distributionId, domainName)) grants.push(`${id} allows origin ${JSON.stringify(origin)}`);
    }
    if (config.CorsConfig?.AccessControlAllowCredentials) grants.push(`${id} allows credentials`);
    for (const header of (config.CustomHeadersConfig?.Items ?? []) as { Header: string }[]) {
      if (/^access-control-/i.test(header.Header)) grants.push(`${id} adds ${header.Header}`);
    }
  }
  return grants;
}

describe('the CORS check itself', () => {
  it('catches an HTTP API that allows another origin or any origin', () => {
    const stack = new Stack();
    new apigw.HttpApi(stack, 'Open', { corsPreflight: { allowOrigins: ['*'], allowMethods: [apigw.CorsHttpMethod.POST] } });
    new apigw.HttpApi(stack, 'Evil', { corsPreflight: { allowOrigins: ['https://evil.example'], allowCredentials: true } });
    const grants = foreignCorsGrants(Template.fromStack(stack), undefined, 'vistelse.kommun.example');
    expect(grants).toEqual(expect.arrayContaining([expect.stringContaining('"*"'), expect.stringContaining('evil.example'), expect.stringContaining('credentials')]));
  });
});

for (const [what, context] of [
  ['the default distribution domain', {}],
  ['a custom domain', { domainName: 'vistelse.kommun.example', certificateArn: 'arn:aws:acm:us-east-1:111111111111:certificate/abc' }],
] as const) {
  describe(`CORS in AWS with ${what}`, () => {
    const built = buildApp({ context: { 'aws:cdk:bundling-stacks': [], webDist, ...context } });
    const main = Template.fromStack(built.main);
    const [distributionId] = onlyResource(main, 'AWS::CloudFront::Distribution');
    const domainName = 'domainName' in context ? context.domainName : undefined;

    it('allows no origin but the app’s own, on the HTTP API and in CloudFront', () => {
      expect(foreignCorsGrants(main, distributionId, domainName)).toEqual([]);
      // Today there is no CORS configuration at all: the app is same-origin and needs none.
      const [, api] = onlyResource(main, 'AWS::ApiGatewayV2::Api');
      expect(api.Properties.CorsConfiguration).toBeUndefined();
    });

    it('has no OPTIONS or ANY route; the $default route is the not-found function, which grants no preflight', async () => {
      const keys = Object.values(resourcesOf(main, 'AWS::ApiGatewayV2::Route')).map((r) => String(r.Properties.RouteKey));
      expect(keys.length).toBeGreaterThan(0);
      for (const key of keys) expect(key).not.toMatch(/^(OPTIONS|ANY) /);
      expect(keys.filter((k) => k === '$default')).toHaveLength(1);
      // A preflight reaches the $default route in AWS: it answers 405 without any CORS header.
      const answer = await notFound(preflight('/api/orders'), lambdaContext('NotFound'));
      expect(answer).toMatchObject({ statusCode: 405, headers: { allow: 'POST' } });
      expect(Object.keys((answer as { headers: Record<string, string> }).headers).filter((h) => h.toLowerCase().startsWith('access-control-'))).toEqual([]);
    });
  });
}
