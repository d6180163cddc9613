import { rmSync } from 'node:fs';
import { Template } from 'aws-cdk-lib/assertions';
import { afterAll, describe, expect, it } from 'vitest';
import { ROUTES } from '../../functions/routes';
import { buildApp } from '../../infra/build';
import { fakeWebDist, onlyResource, resourcesOf } from './support';

/**
 * How the API functions know a request came through CloudFront (and so through the WAF): the
 * distribution adds `x-vistelse-edge` with a generated secret to every request to the API, and
 * every API function gets the same secret as `EDGE_ORIGIN_SECRET` — both as a reference to one
 * Secrets Manager secret, never as a value in the template.
 */
const webDist = fakeWebDist();
afterAll(() => rmSync(webDist, { recursive: true, force: true }));

describe('the secret origin header from CloudFront to the API', () => {
  const app = buildApp({ context: { 'aws:cdk:bundling-stacks': [], webDist } });
  const template = Template.fromStack(app.main);
  const [secretId, secret] = onlyResource(template, 'AWS::SecretsManager::Secret');
  const reference = { 'Fn::Join': ['', ['{{resolve:secretsmanager:', { Ref: secretId }, ':SecretString:::}}']] };

  it('is a generated secret of 48 characters', () => {
    expect(secret.Properties.GenerateSecretString).toMatchObject({ PasswordLength: 48, ExcludePunctuation: true });
  });

  it('is sent by CloudFront to the API origin only', () => {
    const [, distribution] = onlyResource(template, 'AWS::CloudFront::Distribution');
    const origins: any[] = distribution.Properties.DistributionConfig.Origins;
    const withHeader = origins.filter((o) => o.OriginCustomHeaders?.some((h: any) => h.HeaderName === 'x-vistelse-edge'));
    expect(withHeader).toHaveLength(1);
    expect(withHeader[0].CustomOriginConfig).toBeDefined(); // the HTTP API, not the S3 bucket
    expect(withHeader[0].OriginCustomHeaders).toEqual([{ HeaderName: 'x-vistelse-edge', HeaderValue: reference }]);
  });

  it('is given to every API function, and to no other', () => {
    const functions = Object.values(resourcesOf(template, 'AWS::Lambda::Function'));
    const withSecret = functions.filter((f) => f.Properties.Environment?.Variables?.EDGE_ORIGIN_SECRET);
    // The routes' functions and the $default route's.
    expect(withSecret).toHaveLength(ROUTES.length + 1);
    for (const fn of withSecret) {
      expect(fn.Properties.Environment.Variables.EDGE_ORIGIN_SECRET).toEqual(reference);
      expect(fn.Properties.Environment.Variables.API_RATE_LIMIT).toBeDefined();
    }
  });
});
