import { readFileSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { runInNewContext } from 'node:vm';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tableDefinition, TTL_ATTRIBUTE } from '../../functions/adapters/table-definition';
import { FUNCTION_ENV_KEYS, ROUTES, STREAM_FUNCTIONS } from '../../functions/routes';
import { OUTBOX_STREAM_FILTER_PATTERN } from '../../functions/stream/outbox-filter';
import { tableAccessFor } from '../../infra/api';
import { buildApp, EDGE_STACK_NAME, MAIN_STACK_NAME, type VistelseApp } from '../../infra/build';
import { ESM_REQUIRE_BANNER } from '../../infra/functions';
import { PLACEHOLDER_ACCOUNT } from '../../infra/settings';
import { fakeWebDist, onlyResource, resourcesOf } from './support';

/**
 * The whole app, synthesized once (it bundles every function with esbuild) against a stand-in
 * web build. Assertions read the two templates and the bundled assets.
 */
let built: VistelseApp;
let main: Template;
let edge: Template;
let assemblyDir: string;
const webDist = fakeWebDist();

beforeAll(() => {
  delete process.env.CDK_DEFAULT_ACCOUNT;
  built = buildApp({ context: { webDist } });
  main = Template.fromStack(built.main);
  edge = Template.fromStack(built.edge);
  assemblyDir = built.app.synth().directory;
});
afterAll(() => {
  rmSync(webDist, { recursive: true, force: true });
  rmSync(assemblyDir, { recursive: true, force: true });
});

const ref = (logicalId: string) => ({ Ref: logicalId });
const getAtt = (logicalId: string, attr: string) => ({ 'Fn::GetAtt': [logicalId, attr] });

/** Our functions (the bucket deployment brings its own): the ones with the shared environment. */
function appFunctions() {
  return Object.entries(resourcesOf(main, 'AWS::Lambda::Function')).filter(([, r]) => r.Properties.Environment?.Variables?.TABLE_NAME);
}

function functionIdFor(constructPath: string): string {
  const [id] = appFunctions().find(([id]) => id.startsWith(constructPath)) ?? [];
  if (!id) throw new Error(`No function for ${constructPath}`);
  return id;
}

function policyStatementsOf(functionId: string): any[] {
  const roleId = resourcesOf(main, 'AWS::Lambda::Function')[functionId].Properties.Role['Fn::GetAtt'][0];
  return Object.values(resourcesOf(main, 'AWS::IAM::Policy'))
    .filter((p) => p.Properties.Roles.some((r: any) => r.Ref === roleId))
    .flatMap((p) => p.Properties.PolicyDocument.Statement);
}

const actionsOf = (statements: any[]) => statements.flatMap((s) => [s.Action].flat());

describe('stacks and regions', () => {
  it('puts the main stack in eu-north-1 and the WAF stack in us-east-1, same account', () => {
    expect(built.main.region).toBe('eu-north-1');
    expect(built.edge.region).toBe('us-east-1');
    expect(built.main.account).toBe(PLACEHOLDER_ACCOUNT);
    expect(built.edge.account).toBe(built.main.account);
    expect(built.main.stackName).toBe(MAIN_STACK_NAME);
    expect(built.main.dependencies).toContain(built.edge);
  });
});

describe('table', () => {
  it('is on-demand, encrypted with a rotating customer-managed key, recoverable, protected and retained', () => {
    const [keyId, key] = onlyResource(main, 'AWS::KMS::Key');
    expect(key.Properties.EnableKeyRotation).toBe(true);
    expect(key.DeletionPolicy).toBe('Retain');

    const [, table] = onlyResource(main, 'AWS::DynamoDB::Table');
    expect(table.Properties).toMatchObject({
      BillingMode: 'PAY_PER_REQUEST',
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      SSESpecification: { SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: getAtt(keyId, 'Arn') },
      DeletionProtectionEnabled: true,
      StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
    });
    expect(table.DeletionPolicy).toBe('Retain');
    expect(table.UpdateReplacePolicy).toBe('Retain');
  });

  it('has the keys, billing and stream the local stack creates (functions/adapters/table-definition.ts)', () => {
    const [, table] = onlyResource(main, 'AWS::DynamoDB::Table');
    const local = tableDefinition('any');
    expect(table.Properties.KeySchema).toEqual(local.KeySchema);
    expect(table.Properties.AttributeDefinitions).toEqual(local.AttributeDefinitions);
    expect(table.Properties.BillingMode).toBe(local.BillingMode);
    expect(table.Properties.StreamSpecification.StreamViewType).toBe(local.StreamSpecification?.StreamViewType);
    expect(table.Properties.TimeToLiveSpecification.AttributeName).toBe(TTL_ATTRIBUTE);
  });
});

describe('HTTP API', () => {
  it('has exactly the routes of functions/routes.ts, each with its own function, payload format 2.0', () => {
    const [apiId, api] = onlyResource(main, 'AWS::ApiGatewayV2::Api');
    expect(api.Properties.ProtocolType).toBe('HTTP');

    const routes = Object.values(resourcesOf(main, 'AWS::ApiGatewayV2::Route'));
    expect(routes.map((r) => r.Properties.RouteKey).sort()).toEqual(ROUTES.map((r) => `${r.method} ${r.path}`).sort());

    const integrations = resourcesOf(main, 'AWS::ApiGatewayV2::Integration');
    for (const route of ROUTES) {
      const routeResource = routes.find((r) => r.Properties.RouteKey === `${route.method} ${route.path}`)!;
      expect(routeResource.Properties.ApiId).toEqual(ref(apiId));
      const integrationId = routeResource.Properties.Target['Fn::Join'][1][1].Ref;
      const integration = integrations[integrationId].Properties;
      expect(integration).toMatchObject({ IntegrationType: 'AWS_PROXY', PayloadFormatVersion: '2.0' });
      expect(integration.IntegrationUri).toEqual(getAtt(functionIdFor(`Api${route.id}`), 'Arn'));
    }
    expect(Object.keys(integrations)).toHaveLength(ROUTES.length);
  });

  it('serves the $default stage with a throttle and access logs', () => {
    main.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: Match.anyValue(), ThrottlingBurstLimit: Match.anyValue() },
      AccessLogSettings: { DestinationArn: Match.anyValue(), Format: Match.stringLikeRegexp('requestId') },
    });
  });
});

describe('functions', () => {
  it('are one per route plus the dispatcher, on Node.js 22+ and arm64', () => {
    const fns = appFunctions();
    expect(fns).toHaveLength(ROUTES.length + STREAM_FUNCTIONS.length);
    for (const [, fn] of fns) {
      const major = Number(/^nodejs(\d+)\.x$/.exec(fn.Properties.Runtime)?.[1]);
      expect(major).toBeGreaterThanOrEqual(22);
      expect(fn.Properties.Architectures).toEqual(['arm64']);
      expect(fn.Properties.Handler).toBe('index.handler');
      expect(fn.Properties.MemorySize).toBeGreaterThanOrEqual(256);
      expect(fn.Properties.Timeout).toBeGreaterThanOrEqual(5);
      expect(fn.Properties.Timeout).toBeLessThanOrEqual(60);
    }
  });

  it('get the shared environment: TABLE_NAME, MAIL_FROM, PUBLIC_BASE_URL, SES_CONFIGURATION_SET', () => {
    const [tableId] = onlyResource(main, 'AWS::DynamoDB::Table');
    const [configSetId] = onlyResource(main, 'AWS::SES::ConfigurationSet');
    const [distributionId] = onlyResource(main, 'AWS::CloudFront::Distribution');
    for (const [, fn] of appFunctions()) {
      const env = fn.Properties.Environment.Variables;
      for (const key of FUNCTION_ENV_KEYS) expect(env, key).toHaveProperty(key);
      expect(env.TABLE_NAME).toEqual(ref(tableId));
      expect(env.MAIL_FROM).toBe('no-reply@sundbyberg.example');
      expect(env.SES_CONFIGURATION_SET).toEqual(ref(configSetId));
      expect(env.PUBLIC_BASE_URL).toEqual({ 'Fn::Join': ['', ['https://', getAtt(distributionId, 'DomainName')]] });
    }
  });

  it('log to their own log group with a retention', () => {
    const logGroups = resourcesOf(main, 'AWS::Logs::LogGroup');
    for (const [, fn] of appFunctions()) {
      const groupId = fn.Properties.LoggingConfig.LogGroup.Ref;
      expect(logGroups[groupId].Properties.RetentionInDays).toBe(90);
    }
  });

  it('are bundled as minified ESM with the createRequire banner, source maps and the AWS SDK left out', () => {
    for (const [id, fn] of appFunctions()) {
      const hash = String(fn.Properties.Code.S3Key).replace(/\.zip$/, '');
      const dir = path.join(assemblyDir, `asset.${hash}`);
      expect(readdirSync(dir).sort(), id).toEqual(['index.mjs', 'index.mjs.map']);
      const code = readFileSync(path.join(dir, 'index.mjs'), 'utf8');
      expect(code.startsWith(ESM_REQUIRE_BANNER), id).toBe(true);
      expect(code).toMatch(/\/\/# sourceMappingURL=index\.mjs\.map\s*$/);
      // Minified: long lines (template literals may keep a few line breaks).
      expect(code.length / code.split('\n').length, `${id} is minified`).toBeGreaterThan(200);
      // The SDK clients stay imports, resolved from the runtime.
      expect(code).not.toMatch(/var DynamoDBClient\b|class DynamoDBClient\b/);
      expect(fn.Properties.Environment.Variables.NODE_OPTIONS).toBe('--enable-source-maps');
    }
    const dispatcher = readFileSync(path.join(assemblyDir, `asset.${String(resourcesOf(main, 'AWS::Lambda::Function')[functionIdFor('OutboxDispatchOutbox')].Properties.Code.S3Key).replace(/\.zip$/, '')}`, 'index.mjs'), 'utf8');
    expect(dispatcher).toMatch(/from\s*"@aws-sdk\/client-sesv2"/);
  });

  it('have least privilege: table access only where needed, SES only for the dispatcher, on the identity and configuration set', () => {
    const [tableId] = onlyResource(main, 'AWS::DynamoDB::Table');
    const [keyId] = onlyResource(main, 'AWS::KMS::Key');
    const [identityId] = onlyResource(main, 'AWS::SES::EmailIdentity');
    const [configSetId] = onlyResource(main, 'AWS::SES::ConfigurationSet');

    for (const route of ROUTES) {
      const statements = policyStatementsOf(functionIdFor(`Api${route.id}`));
      const actions = actionsOf(statements);
      expect(actions.some((a) => a.startsWith('ses:')), route.id).toBe(false);
      if (tableAccessFor(route) === 'none') {
        expect(actions.some((a) => a.startsWith('dynamodb:') || a.startsWith('kms:')), route.id).toBe(false);
      } else {
        const table = statements.find((s) => [s.Action].flat().includes('dynamodb:GetItem'));
        expect(table.Resource).toEqual(getAtt(tableId, 'Arn'));
        const kms = statements.find((s) => [s.Action].flat().includes('kms:Decrypt'));
        expect(kms.Resource).toEqual(getAtt(keyId, 'Arn'));
      }
    }
    expect(tableAccessFor(ROUTES.find((r) => r.id === 'SubmitOrder')!)).toBe('readWrite');

    const dispatcher = policyStatementsOf(functionIdFor('OutboxDispatchOutbox'));
    const ses = dispatcher.filter((s) => actionsOf([s]).some((a) => a.startsWith('ses:')));
    expect(ses).toHaveLength(1);
    expect(ses[0].Action).toBe('ses:SendEmail');
    const sesResources = [ses[0].Resource].flat();
    expect(sesResources).toHaveLength(2);
    expect(sesResources).toContainEqual({ 'Fn::Join': ['', [expect.stringMatching(/^arn:aws:ses:eu-north-1:\d{12}:identity\/$/), ref(identityId)]] });
    expect(sesResources).toContainEqual({
      'Fn::Join': ['', [expect.stringMatching(/^arn:aws:ses:eu-north-1:\d{12}:configuration-set\/$/), ref(configSetId)]],
    });
    expect(actionsOf(dispatcher)).toEqual(expect.arrayContaining(['dynamodb:UpdateItem', 'dynamodb:GetRecords', 'kms:Decrypt']));
  });
});

describe('outbox dispatcher', () => {
  it('is fed by the table stream: TRIM_HORIZON, batches of 10, bisect, retries, partial failures, dead letters', () => {
    const [tableId] = onlyResource(main, 'AWS::DynamoDB::Table');
    const [, mapping] = onlyResource(main, 'AWS::Lambda::EventSourceMapping');
    const [queueId, queue] = onlyResource(main, 'AWS::SQS::Queue');
    expect(mapping.Properties).toMatchObject({
      EventSourceArn: getAtt(tableId, 'StreamArn'),
      FunctionName: ref(functionIdFor('OutboxDispatchOutbox')),
      StartingPosition: 'TRIM_HORIZON',
      BatchSize: 10,
      BisectBatchOnFunctionError: true,
      MaximumRetryAttempts: expect.any(Number),
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      DestinationConfig: { OnFailure: { Destination: getAtt(queueId, 'Arn') } },
    });
    expect(mapping.Properties.MaximumRetryAttempts).toBeGreaterThan(0);
    expect(queue.Properties.SqsManagedSseEnabled ?? queue.Properties.KmsMasterKeyId).toBeTruthy();
    main.hasResourceProperties('AWS::CloudWatch::Alarm', { Dimensions: [{ Name: 'QueueName', Value: getAtt(queueId, 'QueueName') }] });
  });

  it('only receives INSERTs of items whose pk begins with OUTBOX#', () => {
    const [, mapping] = onlyResource(main, 'AWS::Lambda::EventSourceMapping');
    const filters = mapping.Properties.FilterCriteria.Filters;
    expect(filters).toHaveLength(1);
    const pattern = JSON.parse(filters[0].Pattern);
    expect(pattern).toEqual(OUTBOX_STREAM_FILTER_PATTERN);
    expect(pattern.eventName).toEqual(['INSERT']);
    expect(pattern.dynamodb.NewImage.pk.S).toEqual([{ prefix: 'OUTBOX#' }]);
  });
});

describe('SES', () => {
  it('has a domain identity (Easy DKIM) using a configuration set with reputation metrics and sending enabled', () => {
    const [configSetId, configSet] = onlyResource(main, 'AWS::SES::ConfigurationSet');
    expect(configSet.Properties).toMatchObject({
      ReputationOptions: { ReputationMetricsEnabled: true },
      SendingOptions: { SendingEnabled: true },
      DeliveryOptions: { TlsPolicy: 'REQUIRE' },
    });
    const [, identity] = onlyResource(main, 'AWS::SES::EmailIdentity');
    expect(identity.Properties).toMatchObject({
      EmailIdentity: 'sundbyberg.example',
      ConfigurationSetAttributes: { ConfigurationSetName: ref(configSetId) },
      DkimAttributes: { SigningEnabled: true },
    });
    const outputs = Object.keys(main.findOutputs('*'));
    expect(outputs.filter((o) => o.startsWith('MailDkimRecord'))).toHaveLength(3);
  });
});

describe('web', () => {
  it('keeps the app in a private, versioned, encrypted bucket that refuses plain HTTP', () => {
    const [bucketId, bucket] = onlyResource(main, 'AWS::S3::Bucket');
    expect(bucket.Properties).toMatchObject({
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      VersioningConfiguration: { Status: 'Enabled' },
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
    });
    main.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: ref(bucketId),
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          Match.objectLike({ Effect: 'Allow', Principal: { Service: 'cloudfront.amazonaws.com' }, Action: 's3:GetObject' }),
        ]),
      },
    });
  });

  it('deploys the build: hashed assets immutable, pages revalidated, then the distribution invalidated', () => {
    const deployments = Object.values(resourcesOf(main, 'Custom::CDKBucketDeployment')).map((d) => d.Properties);
    expect(deployments).toHaveLength(2);
    const assets = deployments.find((d) => d.Include)!;
    const pages = deployments.find((d) => !d.Include)!;
    expect(assets.Include).toEqual(['assets/*']);
    expect(assets.SystemMetadata['cache-control']).toMatch(/max-age=31536000.*immutable/);
    expect(assets.Prune).toBe(false);
    expect(pages.Exclude).toEqual(['assets/*']);
    expect(pages.SystemMetadata['cache-control']).toBe('no-cache');
    expect(pages.DistributionPaths).toEqual(['/*']);
  });

  describe('distribution', () => {
    let config: any;
    let policies: Record<string, any>;
    beforeAll(() => {
      config = onlyResource(main, 'AWS::CloudFront::Distribution')[1].Properties.DistributionConfig;
      policies = Object.fromEntries(
        Object.entries(resourcesOf(main, 'AWS::CloudFront::ResponseHeadersPolicy')).map(([id, r]) => [id, r.Properties.ResponseHeadersPolicyConfig]),
      );
    });
    const policyOf = (behavior: any) => policies[behavior.ResponseHeadersPolicyId.Ref];
    const apiBehavior = () => config.CacheBehaviors.find((b: any) => b.PathPattern === '/api/*');

    it('has two origins: the bucket through Origin Access Control and the API', () => {
      expect(config.Origins).toHaveLength(2);
      const [oacId] = onlyResource(main, 'AWS::CloudFront::OriginAccessControl');
      const s3 = config.Origins.find((o: any) => o.S3OriginConfig);
      expect(s3.OriginAccessControlId).toEqual(getAtt(oacId, 'Id'));
      expect(config.DefaultCacheBehavior.TargetOriginId).toBe(s3.Id);

      const [apiId] = onlyResource(main, 'AWS::ApiGatewayV2::Api');
      const api = config.Origins.find((o: any) => o.CustomOriginConfig);
      expect(api.CustomOriginConfig).toMatchObject({ OriginProtocolPolicy: 'https-only', OriginSSLProtocols: ['TLSv1.2'] });
      expect(JSON.stringify(api.DomainName)).toContain(JSON.stringify(ref(apiId)));
      expect(JSON.stringify(api.DomainName)).toContain('.execute-api.eu-north-1.');
      expect(apiBehavior().TargetOriginId).toBe(api.Id);
    });

    it('routes /api/* to the API uncached, with every viewer header but Host and every method', () => {
      expect(config.CacheBehaviors).toHaveLength(1);
      expect(apiBehavior()).toMatchObject({
        CachePolicyId: cloudfront.CachePolicy.CACHING_DISABLED.cachePolicyId,
        OriginRequestPolicyId: cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER.originRequestPolicyId,
        ViewerProtocolPolicy: 'redirect-to-https',
      });
      expect([...apiBehavior().AllowedMethods].sort()).toEqual(['DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT']);
    });

    it('adds Cache-Control: no-store to API responses, overriding the origin', () => {
      expect(policyOf(apiBehavior()).CustomHeadersConfig.Items).toContainEqual({ Header: 'Cache-Control', Value: 'no-store', Override: true });
    });

    it('sends the security headers on every behavior', () => {
      for (const behavior of [config.DefaultCacheBehavior, apiBehavior()]) {
        const headers = policyOf(behavior).SecurityHeadersConfig;
        const csp = headers.ContentSecurityPolicy.ContentSecurityPolicy as string;
        for (const directive of [
          "default-src 'self'",
          "script-src 'self'",
          "style-src 'self'",
          "img-src 'self' data:",
          "connect-src 'self'",
          "object-src 'none'",
          "base-uri 'none'",
          "frame-ancestors 'none'",
          "form-action 'self'",
        ]) {
          expect(csp.split('; ')).toContain(directive);
        }
        expect(headers.StrictTransportSecurity.AccessControlMaxAgeSec).toBeGreaterThanOrEqual(31_536_000);
        expect(headers.StrictTransportSecurity.IncludeSubdomains).toBe(true);
        expect(headers.ContentTypeOptions).toBeDefined();
        expect(headers.FrameOptions.FrameOption).toBe('DENY');
        expect(headers.ReferrerPolicy.ReferrerPolicy).toBe('strict-origin-when-cross-origin');
      }
      // The web app's headers win over anything the bucket might say.
      const web = policyOf(config.DefaultCacheBehavior).SecurityHeadersConfig;
      for (const header of Object.values(web) as { Override: boolean }[]) expect(header.Override).toBe(true);
    });

    it('falls back to index.html for client-side routes with a viewer-request function, not with error responses', () => {
      expect(config.CustomErrorResponses).toBeUndefined();
      const [fnId, fn] = onlyResource(main, 'AWS::CloudFront::Function');
      expect(fn.Properties.FunctionConfig.Runtime).toBe('cloudfront-js-2.0');
      expect(config.DefaultCacheBehavior.FunctionAssociations).toEqual([{ EventType: 'viewer-request', FunctionARN: getAtt(fnId, 'FunctionARN') }]);
      expect(apiBehavior().FunctionAssociations).toBeUndefined();

      const rewrite = (uri: string): string =>
        runInNewContext(`${fn.Properties.FunctionCode}\nhandler({ request: { uri: ${JSON.stringify(uri)} } }).uri`);
      expect(rewrite('/')).toBe('/index.html');
      expect(rewrite('/bestallning/kvitto')).toBe('/index.html');
      expect(rewrite('/assets/index-abc123.js')).toBe('/assets/index-abc123.js');
      expect(rewrite('/favicon.ico')).toBe('/favicon.ico');
      expect(rewrite('/portal')).toBe('/portal/index.html');
      expect(rewrite('/portal/arenden/42')).toBe('/portal/index.html');
      expect(rewrite('/portalen')).toBe('/index.html');
    });

    it('is HTTPS only, price class 100, default root index.html', () => {
      expect(config.DefaultCacheBehavior.ViewerProtocolPolicy).toBe('redirect-to-https');
      expect(config.PriceClass).toBe('PriceClass_100');
      expect(config.DefaultRootObject).toBe('index.html');
      expect(config.Enabled).toBe(true);
    });

    it('is protected by the WAF web ACL of the us-east-1 stack', () => {
      expect(config.WebACLId).toEqual({
        'Fn::GetStackOutput': { StackName: EDGE_STACK_NAME, Region: 'us-east-1', OutputName: expect.any(String) },
      });
      const [aclId] = onlyResource(edge, 'AWS::WAFv2::WebACL');
      const output = edge.findOutputs(config.WebACLId['Fn::GetStackOutput'].OutputName);
      expect(Object.values(output)[0].Value).toEqual(getAtt(aclId, 'Arn'));
    });
  });
});

describe('WAF (us-east-1)', () => {
  it('has a CLOUDFRONT-scoped web ACL with a per-IP rate limit on /api/ and the AWS common rules', () => {
    const [, acl] = onlyResource(edge, 'AWS::WAFv2::WebACL');
    expect(acl.Properties.Scope).toBe('CLOUDFRONT');
    expect(acl.Properties.DefaultAction).toEqual({ Allow: {} });
    const rules = acl.Properties.Rules as any[];

    const rate = rules.find((r) => r.Statement.RateBasedStatement);
    expect(rate.Action.Block).toBeDefined();
    expect(rate.Statement.RateBasedStatement).toMatchObject({
      Limit: 300,
      AggregateKeyType: 'IP',
      EvaluationWindowSec: 300,
      ScopeDownStatement: { ByteMatchStatement: { SearchString: '/api/', PositionalConstraint: 'STARTS_WITH', FieldToMatch: { UriPath: {} } } },
    });

    const common = rules.find((r) => r.Statement.ManagedRuleGroupStatement?.Name === 'AWSManagedRulesCommonRuleSet');
    expect(common.Statement.ManagedRuleGroupStatement.VendorName).toBe('AWS');
    expect(common.OverrideAction).toEqual({ None: {} });
    expect(new Set(rules.map((r) => r.Priority)).size).toBe(rules.length);
  });
});
